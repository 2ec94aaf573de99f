/* engine/report/report_ctx.h — what every section of the text and HTML
 * reports needs: the run, where to write, how to say it. Both writers'
 * contexts (crq_text_ctx in text.h, crq_html in html.h) start from it, so
 * it is filled the same way for both (crq_report_ctx_init).
 */
#ifndef CRQ_REPORT_CTX_H
#define CRQ_REPORT_CTX_H

#include <stdio.h>

#include "amount.h"
#include "crq/report.h"
#include "crq/result.h"

typedef struct crq_report_ctx {
  const crq_result *r;
  const crq_model *m; /* r's model */
  FILE *out;
  int ja;
  int nv; /* variants: 1 (no measures) or 2 (now, after measures) */
  crq_amount_style style;
} crq_report_ctx;

/* The context of a report of r in opts's language, written to out. */
crq_report_ctx crq_report_ctx_of(const crq_result *r,
                                 const crq_report_options *opts, FILE *out);

#endif
