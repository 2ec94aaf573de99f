/* engine/report/ylt.c — the year loss table (`crq run --ylt FILE`): every
 * simulated year's direct loss, baseline and with the measures, one CSV
 * row a year, for users who compute their own statistics or feed another
 * tool (a catastrophe model's YLT). Same CSV conventions as csv.c. */
#include <stdlib.h>

#include "crq/report.h"
#include "crq/result.h"
#include "csv.h"

crq_status crq_report_write_ylt(const crq_result *r, FILE *out,
                                crq_diags *diags) {
  if (!r || !out)
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "crq_report_write_ylt: no result or no output "
                         "stream");
  uint64_t n = crq_result_trials(r);
  int nv = crq_result_variant_count(r);
  double *loss[2] = {NULL, NULL};
  crq_status st = CRQ_OK;
  for (int v = 0; v < nv && st == CRQ_OK; v++) {
    loss[v] = malloc((size_t)n * sizeof *loss[v]);
    if (loss[v] == NULL)
      st = crq_diags_add(diags, CRQ_ERR_NOMEM, NULL, 0, 0,
                         "out of memory for the year loss table of %llu "
                         "years",
                         (unsigned long long)n);
    else if (crq_result_year_losses(r, (crq_variant)v, loss[v]) != CRQ_OK)
      st = crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "year loss table: this run kept no year's loss "
                         "(streaming mode, told its quantiles, or split "
                         "over MPI processes); expected a run in exact "
                         "mode in one process");
  }
  if (st == CRQ_OK) {
    fputs(nv > 1 ? "trial,baseline,measures\r\n" : "trial,baseline\r\n", out);
    for (uint64_t t = 0; t < n; t++) {
      fprintf(out, "%llu", (unsigned long long)t);
      for (int v = 0; v < nv; v++) {
        fputc(',', out);
        crq_csv_number(out, loss[v][t]);
      }
      fputs("\r\n", out);
    }
    if (ferror(out)) /* what the caller's flush finds is the caller's */
      st = crq_diags_add(diags, CRQ_ERR_IO, NULL, 0, 0,
                         "the year loss table could not be written "
                         "completely");
  }
  free(loss[0]);
  free(loss[1]);
  return st;
}
