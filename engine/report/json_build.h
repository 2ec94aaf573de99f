/* engine/report/json_build.h — small helpers to build the JSON report with
 * jansson without losing track of allocation failures.
 *
 * jansson returns NULL when it runs out of memory; json_object_set_new then
 * fails too. Every helper here records such a failure in crq_jb.oom so the
 * writer can report CRQ_ERR_NOMEM instead of silently dropping a field.
 * Non-finite numbers become JSON null (JSON has no NaN; docs/json-schema.md
 * says for each field when it can be null).
 */
#ifndef CRQ_REPORT_JSON_BUILD_H
#define CRQ_REPORT_JSON_BUILD_H

#include <jansson.h>
#include <stdint.h>
#include <time.h>

#include "crq/result.h"

typedef struct crq_jb {
  int oom;
} crq_jb;

/* The variant keys of the report: "baseline", "measures". */
const char *crq_jb_variant(int v);

json_t *crq_jb_obj(crq_jb *jb);
json_t *crq_jb_arr(crq_jb *jb);
/* A number, or null when x is not finite. */
json_t *crq_jb_num(crq_jb *jb, double x);
/* A string, or null when s is NULL. */
json_t *crq_jb_str(crq_jb *jb, const char *s);
/* The time now as "YYYY-MM-DDTHH:MM:SSZ" (UTC); "" when it cannot be
 * converted. */
json_t *crq_jb_stamp(crq_jb *jb, time_t now);
/* An unsigned count: an integer, or a decimal string beyond 2^63 - 1. */
json_t *crq_jb_u64(crq_jb *jb, uint64_t v);
/* {"<key>": x, "value", "se", "lo", "hi"}; key may be NULL. */
json_t *crq_jb_est(crq_jb *jb, const char *key, double x, crq_estimate e);

/* obj[key] = val (stealing val); records failures. */
void crq_jb_set(crq_jb *jb, json_t *obj, const char *key, json_t *val);
/* arr += val (stealing val); records failures. */
void crq_jb_push(crq_jb *jb, json_t *arr, json_t *val);

/* The parts written by json_parts.c. */
json_t *crq_json_contributions(crq_jb *jb, const crq_result *r);
json_t *crq_json_reductions(crq_jb *jb, const crq_result *r);
json_t *crq_json_appetite(crq_jb *jb, const crq_result *r);
json_t *crq_json_kpis(crq_jb *jb, const crq_model *m);
json_t *crq_json_measures(crq_jb *jb, const crq_model *m);

#endif
