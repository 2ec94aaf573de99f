/* engine/report/json_build.c — jansson helpers that record allocation
 * failures (see json_build.h). */
#include "json_build.h"

#include <math.h>
#include <stdio.h>
#include <time.h>

const char *crq_jb_variant(int v) {
  return v == CRQ_BASELINE ? "baseline" : "measures";
}

/* Returns x, noting a failure when it is NULL. */
static json_t *check(crq_jb *jb, json_t *x) {
  if (!x)
    jb->oom = 1;
  return x;
}

json_t *crq_jb_obj(crq_jb *jb) {
  return check(jb, json_object());
}

json_t *crq_jb_arr(crq_jb *jb) {
  return check(jb, json_array());
}

json_t *crq_jb_num(crq_jb *jb, double x) {
  return check(jb, isfinite(x) ? json_real(x) : json_null());
}

json_t *crq_jb_str(crq_jb *jb, const char *s) {
  return check(jb, s ? json_string(s) : json_null());
}

json_t *crq_jb_stamp(crq_jb *jb, time_t now) {
  char stamp[32] = "";
  struct tm tm;
  if (gmtime_r(&now, &tm))
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return crq_jb_str(jb, stamp);
}

json_t *crq_jb_u64(crq_jb *jb, uint64_t v) {
  if (v <= (uint64_t)INT64_MAX)
    return check(jb, json_integer((json_int_t)v));
  char buf[24];
  snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
  return check(jb, json_string(buf));
}

json_t *crq_jb_est(crq_jb *jb, const char *key, double x, crq_estimate e) {
  json_t *o = crq_jb_obj(jb);
  if (key)
    crq_jb_set(jb, o, key, crq_jb_num(jb, x));
  crq_jb_set(jb, o, "value", crq_jb_num(jb, e.value));
  crq_jb_set(jb, o, "se", crq_jb_num(jb, e.se));
  crq_jb_set(jb, o, "lo", crq_jb_num(jb, e.lo));
  crq_jb_set(jb, o, "hi", crq_jb_num(jb, e.hi));
  return o;
}

void crq_jb_set(crq_jb *jb, json_t *obj, const char *key, json_t *val) {
  if (!obj || json_object_set_new(obj, key, val) != 0)
    jb->oom = 1;
  if (!obj)
    json_decref(val);
}

void crq_jb_push(crq_jb *jb, json_t *arr, json_t *val) {
  if (!arr || json_array_append_new(arr, val) != 0)
    jb->oom = 1;
  if (!arr)
    json_decref(val);
}
