/* crq/kpi.h — the KPI catalogue shipped with crq.
 *
 * The JCIC annex list of cybersecurity KPIs (ids 1.x.y), the extra KPIs of
 * JCIC's figure 1 (F.n) and typical ISMS annual objectives (I.n), each with
 * its maturity stage, measure type, guide target, unit and direction. The
 * data is models/kpi_catalogue.tsv, compiled into the library. A model's KPI
 * may name a catalogue entry (`catalogue: "1.2.2"`) to inherit its name,
 * unit and direction.
 *
 * Thread safety: a catalogue is read-only once opened.
 */
#ifndef CRQ_KPI_H
#define CRQ_KPI_H

#include <stddef.h>
#include <stdio.h>

#include "crq/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct crq_kpi_info {
  const char *id;      /* "1.2.2" */
  const char *stage;   /* initial | improving | optimizing */
  const char *type;    /* compliance | training | org_process |
                          evaluation | industry */
  int lower_is_better; /* 1 for times, counts of incidents, losses */
  const char *unit;    /* "%", "count", "hours", ... */
  const char *target;  /* guide target ("95"), "" when set per company */
  const char *name_ja;
  const char *name_en;
  const char *formula;
} crq_kpi_info;

typedef struct crq_kpi_catalogue crq_kpi_catalogue;

crq_status crq_kpi_catalogue_open(crq_kpi_catalogue **out);
void crq_kpi_catalogue_free(crq_kpi_catalogue *cat);
size_t crq_kpi_catalogue_count(const crq_kpi_catalogue *cat);
const crq_kpi_info *crq_kpi_catalogue_get(const crq_kpi_catalogue *cat,
                                          size_t i);
/* The entry with this id, or NULL. */
const crq_kpi_info *crq_kpi_catalogue_find(const crq_kpi_catalogue *cat,
                                           const char *id);

/* Writes the entries of maturity stage `stage` and measure type `type`
 * (NULL: any; other values match no entry) to out as a table aligned by
 * display width — id, stage, type, guide target, unit, direction and name,
 * the headings and names in Japanese or English — as `crq kpi list`
 * prints it. CRQ_ERR_USAGE for a NULL catalogue or stream, CRQ_ERR_NOMEM,
 * or CRQ_ERR_IO when out's error indicator is set afterwards (by a failed
 * write, or by an earlier one: the indicator stays until cleared). */
crq_status crq_kpi_catalogue_write(const crq_kpi_catalogue *cat, FILE *out,
                                   const char *stage, const char *type,
                                   int japanese);

#ifdef __cplusplus
}
#endif
#endif
