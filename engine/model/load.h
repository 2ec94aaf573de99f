/* engine/model/load.h — shared state and value readers of the loader.
 *
 * Validation walks the YAML tree (yaml_tree.h) and fills a crq_model
 * (model_def.h). Every reader below checks one value, reports what is
 * wrong at the value's line:column ("what is wrong; what was expected"),
 * and returns 0 on success or -1 after reporting, so callers can carry on
 * and report every mistake of a file in one pass. The first error's status
 * is kept in crq_load.status.
 *
 * Messages name the key being read ("plan: -5 is out of range; expected a
 * number > 0"); "where" strings name the enclosing block for missing and
 * unknown keys ("missing key 'plan' in kpi 'patching'; ...").
 */
#ifndef CRQ_LOAD_H
#define CRQ_LOAD_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "model_def.h"
#include "yaml_tree.h"

/* An id and the index of its element, for sorted look-ups: models may
 * hold many scenarios, so uniqueness and references are checked in
 * O(n log n), never O(n^2). */
typedef struct crq_id_entry {
  const char *id;
  size_t index;
} crq_id_entry;

/* How many misspelt keys a load remembers (crq_load.near_miss). */
enum { CRQ_NEAR_MISSES = 16 };

typedef struct crq_load {
  const char *file; /* for diagnostics */
  crq_diags *diags;
  crq_status status;          /* of the first error; CRQ_OK while none */
  size_t errors;              /* how many were reported */
  crq_model *model;           /* being built: amounts use its currency and fx */
  crq_id_entry *scenario_ids; /* sorted index of the scenario ids */
  size_t n_scenario_ids;
  crq_id_entry *kpi_ids; /* sorted index of the KPI ids */
  size_t n_kpi_ids;
  /* every scenario / KPI id in model order (NULL where missing), the
   * candidates of "did you mean" for references */
  const char **scenario_names;
  const char **kpi_names;
  /* per model input, the range of values over all scenarios (private to
   * load_measures.c, alive while measures are read) */
  struct crq_span *spans;
  struct crq_kpi_catalogue *catalogue; /* opened on first use */
  /* the organisation block had a mistake: the loss models' checks against
   * its figures are skipped, so that one mistake yields one message */
  int org_bad;
  /* the loss models (bit = registry index) whose check already blamed the
   * organisation: one message says what it lacks, not one per scenario */
  uint64_t org_blamed;
  /* the latest misspelt keys reported with a suggestion, as (mapping, the
   * key suggested): the suggested key is then not also reported missing */
  struct {
    const crq_ynode *map;
    const char *key;
  } near_miss[CRQ_NEAR_MISSES];
  unsigned n_near_miss; /* how many were recorded (slot: n % the size) */
} crq_load;

/* Records an error at node (or at line:column). */
void crq_load_error(crq_load *ld, const crq_ynode *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void crq_load_error_at(crq_load *ld, int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The mark of a node, for the model's elements. */
crq_mark crq_load_mark(const crq_ynode *node);

/* An interval of accepted values; an open end excludes the bound. */
typedef struct crq_range {
  double lo, hi;
  int lo_open, hi_open;
} crq_range;

#define CRQ_RANGE_ANY ((crq_range){-INFINITY, INFINITY, 0, 0})
#define CRQ_RANGE_NONNEG ((crq_range){0, INFINITY, 0, 0})
#define CRQ_RANGE_POSITIVE ((crq_range){0, INFINITY, 1, 0})
#define CRQ_RANGE_UNIT ((crq_range){0, 1, 0, 0})

/* How a number may be written. */
typedef enum crq_numkind {
  CRQ_NUM_PLAIN = 0, /* 0.05, 141e8 */
  CRQ_NUM_AMOUNT,    /* also "141億", "20M EUR" (converted with fx) */
  CRQ_NUM_COUNT      /* also "133万", "1.2M" but no currency */
} crq_numkind;

/* At most 40 bytes of text (a value as the file wrote it) for a message,
 * cut at a character boundary with "..." in buf. */
const char *crq_load_shorten(const char *text, char buf[48]);

/* "a number > 0", "an amount in [0, 1e+18]", ... into buf. */
const char *crq_range_describe(crq_range r, crq_numkind kind, char *buf,
                               size_t size);

/* A number written as kind, within r. */
int crq_read_number(crq_load *ld, const crq_ynode *node, const char *key,
                    crq_numkind kind, crq_range r, double *out);

/* The number under key in map; when the key is missing, def if it is not
 * NAN, else a "missing key" error naming where. */
int crq_field_number(crq_load *ld, const crq_ynode *map, const char *where,
                     const char *key, crq_numkind kind, crq_range r, double def,
                     double *out);

/* A whole number in [lo, hi], exact up to 2^64 - 1. */
int crq_read_uint(crq_load *ld, const crq_ynode *node, const char *key,
                  uint64_t lo, uint64_t hi, uint64_t *out);

/* A non-empty string (copied into *out). */
int crq_read_string(crq_load *ld, const crq_ynode *node, const char *key,
                    char **out);

/* The string under key; NULL when missing unless required (then an
 * error naming where). */
int crq_field_string(crq_load *ld, const crq_ynode *map, const char *where,
                     const char *key, int required, char **out);

/* An identifier: 1 to 64 characters of [A-Za-z0-9_.-]. */
int crq_read_id(crq_load *ld, const crq_ynode *node, const char *key,
                char **out);

/* A calendar date YYYY-MM-DD. */
int crq_read_date(crq_load *ld, const crq_ynode *node, const char *key,
                  char out[11]);

/* One of the NULL-terminated words in choices; *out is its index. */
int crq_read_choice(crq_load *ld, const crq_ynode *node, const char *key,
                    const char *const *choices, int *out);

/* Checks that node is a mapping whose keys are all in the NULL-terminated
 * list known (unknown keys are reported with a "did you mean"; they do not
 * make this fail). Returns -1 only when node is not a mapping. */
int crq_read_map(crq_load *ld, const crq_ynode *node, const char *key,
                 const char *where, const char *const *known);

/* Reports an unknown key (or id) with the closest candidate, or the list
 * of candidates when none is close. what: "key", "scenario", ... Returns
 * the candidate suggested, or NULL. */
const char *crq_load_unknown(crq_load *ld, const crq_ynode *at,
                             const char *what, const char *word,
                             const char *where, const char *const *candidates,
                             size_t n);

/* Checks that node is a sequence. */
int crq_read_seq(crq_load *ld, const crq_ynode *node, const char *key);

/* "missing key 'key' in where; expected what" at map; nothing when map has
 * a misspelling of key already reported with it as the suggestion. */
void crq_load_missing(crq_load *ld, const crq_ynode *map, const char *key,
                      const char *where, const char *expected);

/* Distributions (load_dist.c). A distribution every value of which must
 * lie in r (closed); amount says whether money-like parameters accept
 * amount strings. */
int crq_read_dist(crq_load *ld, const crq_ynode *node, const char *key,
                  int amount, crq_range r, crq_dist *out);

/* A scenario frequency: POISSON, NEGBIN, BERNOULLI or DISCRETE over whole
 * numbers >= 0. */
int crq_read_frequency(crq_load *ld, const crq_ynode *node, crq_dist *out);

/* mu and sigma of the lognormal whose 5th and 95th percentiles are p05 and
 * p95 (0 < p05 < p95). */
void crq_lognormal_from_p90(double p05, double p95, double *mu, double *sigma);

/* The blocks of a model (load_model.c, load_scenarios.c, load_kpis.c,
 * load_measures.c), in the order they are read. */
void crq_load_organisation(crq_load *ld, const crq_ynode *node);
void crq_load_appetite(crq_load *ld, const crq_ynode *node);
void crq_load_scenarios(crq_load *ld, const crq_ynode *node);
void crq_load_kpis(crq_load *ld, const crq_ynode *node);
void crq_load_measures(crq_load *ld, const crq_ynode *node);
void crq_load_settings(crq_load *ld, const crq_ynode *node);

/* A model with every default of the format set (currency JPY, 250
 * business days, the default settings) and nothing else (model.c). */
crq_model *crq_model_new(const char *file);

/* Releases what a scenario owns (model.c). */
void crq_model_free_scenario(crq_scenario *s);

/* Builds a model from a parsed tree (load_model.c); NULL after errors. */
crq_model *crq_load_model(crq_load *ld, const crq_ynode *root);

/* Validates a parsed tree into *out (NULL after errors) with a fresh
 * loader state; file names the source in diagnostics. The caller runs it
 * under the C locale (crq_c_locale_enter). Used by crq_model_load_buffer
 * and by the what-if overrides, which edit the tree first (override.h). */
crq_status crq_load_tree(const crq_ynode *root, const char *file,
                         crq_diags *diags, crq_model **out);

/* The ids of an array of structs with a member `id`, in order. */
#define CRQ_ID_NAMES(array, n, out)                                            \
  do {                                                                         \
    (out) = malloc(((n) + 1) * sizeof *(out));                                 \
    for (size_t i_ = 0; (out) && i_ < (n); i_++)                               \
      (out)[i_] = (array)[i_].id;                                              \
  } while (0)

/* The index of id in sorted entries, or -1. */
long crq_id_find(const crq_id_entry *entries, size_t n, const char *id);

/* Builds the sorted index of the ids of n elements of an array (element
 * i at base + i·stride, its char *id at id_off and crq_mark at mark_off;
 * NULL ids are skipped) and reports each repeated id at its mark as a
 * duplicate "what". Sets *count; returns NULL when empty or out of
 * memory. CRQ_ID_INDEX fills the offsets for arrays of structs with
 * members `id` and `mark`. */
crq_id_entry *crq_id_index(crq_load *ld, const void *base, size_t stride,
                           size_t n, size_t id_off, size_t mark_off,
                           const char *what, size_t *count);
#define CRQ_ID_INDEX(ld, array, n, what, count)                                \
  crq_id_index(ld, array, sizeof *(array), n,                                  \
               offsetof(__typeof__(*(array)), id),                             \
               offsetof(__typeof__(*(array)), mark), what, count)

#endif
