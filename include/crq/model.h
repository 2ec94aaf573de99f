/* crq/model.h — loading, checking, showing and importing crq models.
 *
 * A model file (YAML, docs/model-format.md) describes one organisation, its
 * cyber scenarios, its KPIs and the measures those KPIs track. Loading parses
 * and validates it in one pass and yields an immutable crq_model with every
 * default filled in; all mistakes found are appended to the crq_diags list.
 *
 * Thread safety: a loaded model is read-only; any number of threads may use
 * the same model at once. Loading files concurrently, the same file or
 * different ones, is safe.
 */
#ifndef CRQ_MODEL_H
#define CRQ_MODEL_H

#include <stdio.h>

#include "crq/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct crq_model crq_model;

/* The loss categories results are broken down by. The first five are
 * direct losses and add up to the total; indirect losses (net income and
 * market value impact) are reported beside the total, never inside it. */
typedef enum crq_category {
  CRQ_CAT_DATA_THEFT = 0, /* ① 情報盗難 */
  CRQ_CAT_STOPPAGE,       /* ② ビジネス停止 */
  CRQ_CAT_FINE,           /* ③ 制裁金 */
  CRQ_CAT_RESPONSE,       /* ④ 事故対応費用 */
  CRQ_CAT_OTHER,          /* plain per-event losses (FAIR-style estimates) */
  CRQ_CAT_INDIRECT,       /* beside the total */
  CRQ_CAT_COUNT
} crq_category;

#define CRQ_CAT_DIRECT_COUNT CRQ_CAT_INDIRECT

/* Stable lower-case key ("data_theft") and display names of a category
 * (English for any lang but "ja"; "unknown" for a value out of range). */
const char *crq_category_key(crq_category c);
const char *crq_category_name(crq_category c, const char *lang /* "en"|"ja" */);

/* Loads and validates a model file. On success *out owns the model. */
crq_status crq_model_load_file(const char *path, crq_diags *diags,
                               crq_model **out);

/* Same, from memory; name is used in diagnostics (e.g. "<stdin>"). */
crq_status crq_model_load_buffer(const char *data, size_t len, const char *name,
                                 crq_diags *diags, crq_model **out);

void crq_model_free(crq_model *model);

/* Writes the model as understood, every default filled in, as a model file
 * that loads back into the same model. */
crq_status crq_model_write_yaml(const crq_model *model, FILE *out);

/* Converts a riskquant-style CSV (id,name,annual_rate,low,high; low/high the
 * 5th/95th percentiles of a lognormal per-event loss) into a model file
 * (docs/model-format.md); from a file, or from len bytes in memory, whose
 * messages name `name`. A CSV that converts gives a model that loads. */
crq_status crq_model_import_csv(const char *csv_path, FILE *out,
                                crq_diags *diags);
crq_status crq_model_import_csv_buffer(const char *data, size_t len,
                                       const char *name, FILE *out,
                                       crq_diags *diags);

/* What-if assignments (docs/what-if.md). Each of sets[0..n_sets-1] is
 * "PATH=VALUE": PATH mirrors the YAML (organisation.annual_revenue,
 * scenarios.<id>.business_stoppage.downtime_days, kpis.<id>.actual,
 * scenarios.<id>.frequency.rate, ...) and VALUE is read as one YAML value
 * ("1200億", "{lognormal: {p05: 1e6, p95: 1e8}}"). They are applied in
 * order to the file's YAML before it is validated, so every check of the
 * format applies; a mistake in an assignment is reported against the file
 * "--set PATH=VALUE", with "did you mean" for unknown keys and ids. */
crq_status crq_model_load_file_set(const char *path, const char *const *sets,
                                   size_t n_sets, crq_diags *diags,
                                   crq_model **out);
crq_status crq_model_load_buffer_set(const char *data, size_t len,
                                     const char *name, const char *const *sets,
                                     size_t n_sets, crq_diags *diags,
                                     crq_model **out);

/* Appends "(with --set A, --set B)" to d's messages from index `from` on
 * that point at a line of a file (crq_diags_note): for a model read with
 * those n assignments, whose lines alone do not show them. The loaders
 * above do this for their own messages; a caller that goes on with the
 * model (crq_sim_check, crq_simulate) can for the later ones. */
void crq_model_note_sets(crq_diags *d, size_t from, const char *const *sets,
                         size_t n);

/* A new model: model with the assignments applied to its canonical form
 * (what crq_model_write_yaml writes, so paths name canonical keys: a
 * lognormal is {lognormal: {mu, sigma}} there). Diagnostics carry model's
 * file name but lines and columns of that canonical form (`crq show`'s
 * output), not of the file: to point into the file, load it again with
 * crq_model_load_file_set. */
crq_status crq_model_override(const crq_model *model, const char *const *sets,
                              size_t n_sets, crq_diags *diags, crq_model **out);

/* Reads an amount as a model file would ("1200億", "3M", "20M EUR"
 * converted with the model's fx rates) into the model's currency. Returns
 * CRQ_ERR_INPUT (with a diagnostic naming `what`) when it is not one. */
crq_status crq_model_parse_amount(const crq_model *model, const char *text,
                                  const char *what, crq_diags *diags,
                                  double *out);

/* A few facts about a loaded model. */
const char *crq_model_name(const crq_model *model);
const char *crq_model_currency(const crq_model *model);
size_t crq_model_scenario_count(const crq_model *model);
const char *crq_model_scenario_id(const crq_model *model, size_t i);
const char *crq_model_scenario_name(const crq_model *model, size_t i);
size_t crq_model_measure_count(const crq_model *model);

#ifdef __cplusplus
}
#endif
#endif
