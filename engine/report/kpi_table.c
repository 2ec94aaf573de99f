/* engine/report/kpi_table.c — the KPI catalogue as an aligned table (see
 * crq/kpi.h): what `crq kpi list` prints, for any C program too. Columns
 * are aligned by display width (table.h), so Japanese names line up.
 */
#include <stdio.h>
#include <string.h>

#include "crq/kpi.h"
#include "report/table.h"

crq_status crq_kpi_catalogue_write(const crq_kpi_catalogue *cat, FILE *out,
                                   const char *stage, const char *type,
                                   int japanese) {
  if (cat == NULL || out == NULL)
    return CRQ_ERR_USAGE;
  const int ja = japanese != 0;
  crq_table t;
  crq_table_init(&t, 7, NULL);
  crq_table_add(
      &t, (const char *[]){"id", ja ? "段階" : "stage", ja ? "種類" : "type",
                           ja ? "目安" : "target", ja ? "単位" : "unit",
                           ja ? "方向" : "direction", ja ? "KPI" : "name"});
  for (size_t i = 0; i < crq_kpi_catalogue_count(cat); i++) {
    const crq_kpi_info *k = crq_kpi_catalogue_get(cat, i);
    if ((stage && strcmp(k->stage, stage) != 0) ||
        (type && strcmp(k->type, type) != 0))
      continue;
    const char *dir = k->lower_is_better ? (ja ? "低いほど良い" : "lower")
                                         : (ja ? "高いほど良い" : "higher");
    crq_table_add(&t, (const char *[]){k->id, k->stage, k->type,
                                       k->target[0] ? k->target : "-", k->unit,
                                       dir, ja ? k->name_ja : k->name_en});
  }
  crq_status st = CRQ_OK;
  if (t.failed)
    st = CRQ_ERR_NOMEM;
  else
    crq_table_print(&t, out, 0);
  crq_table_free(&t);
  return st == CRQ_OK && ferror(out) ? CRQ_ERR_IO : st;
}
