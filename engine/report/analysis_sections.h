/* engine/report/analysis_sections.h — the report sections of an analysis
 * (crq/analysis.h): attribution of the reductions to the measures (Shapley
 * values and the declared-order waterfall), the roadmap (planned versus
 * achieved, slippage) and ROSI with the risk-appetite verdicts. Text in
 * text_analysis.c, JSON in json_analysis.c; the writers call them when
 * crq_report_options.analysis is set.
 */
#ifndef CRQ_REPORT_ANALYSIS_SECTIONS_H
#define CRQ_REPORT_ANALYSIS_SECTIONS_H

#include "crq/analysis.h"
#include "json_build.h"
#include "text.h"

/* Writes the analysis sections of the text report (nothing when a is NULL
 * or has no measures). */
void crq_text_analysis(crq_text_ctx *c, const crq_analysis *a);

/* The "analysis" object of the JSON report (docs/json-schema.md). */
json_t *crq_json_analysis(crq_jb *jb, const crq_analysis *a);

#endif
