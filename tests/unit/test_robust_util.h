/* tests/unit/test_robust_util.h — helpers of the robustness tests
 * (test_robust_*.c): loading a model from text, simulating it, writing a
 * report into memory, and checking that a report holds no non-finite
 * number. Header-only (static inline) so each test file gets its own copy.
 */
#ifndef CRQ_TEST_ROBUST_UTIL_H
#define CRQ_TEST_ROBUST_UTIL_H

#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crq/crq.h"

/* Loads yaml (a model text); fails the test unless it loads. */
static inline crq_model *robust_load(const char *yaml) {
  crq_diags d;
  crq_diags_init(&d);
  crq_model *m = NULL;
  crq_status st = crq_model_load_buffer(yaml, strlen(yaml), "m.yaml", &d, &m);
  cr_assert_eq(st, CRQ_OK, "%s", d.count ? d.items[0].message : "no message");
  crq_diags_free(&d);
  return m;
}

/* Simulates m for `trials` years on `threads` threads (seed 1); returns
 * the status, the result in *out and the first message (or "") in msg. */
static inline crq_status robust_simulate(const crq_model *m, uint64_t trials,
                                         int threads, crq_result **out,
                                         char msg[512]) {
  crq_sim_options o;
  crq_sim_options_init(&o);
  o.trials = trials;
  o.threads = threads;
  o.seed = 1;
  o.has_seed = 1;
  crq_diags d;
  crq_diags_init(&d);
  crq_status st = crq_simulate(m, &o, out, &d);
  snprintf(msg, 512, "%s", d.count ? d.items[0].message : "");
  crq_diags_free(&d);
  return st;
}

/* Simulates m; fails the test unless the run succeeds. */
static inline crq_result *robust_run(const crq_model *m, uint64_t trials) {
  crq_result *r = NULL;
  char msg[512];
  crq_status st = robust_simulate(m, trials, 2, &r, msg);
  cr_assert_eq(st, CRQ_OK, "status %d: %s", st, msg);
  return r;
}

/* The report of r in format/lang (analysis: NULL for none), as a string
 * (caller frees); *len its length (xlsx is binary). */
static inline char *robust_report(const crq_result *r, const char *format,
                                  const char *lang, const crq_analysis *an,
                                  size_t *len) {
  char *buf = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&buf, &n);
  cr_assert_not_null(f);
  crq_report_options o;
  crq_report_options_init(&o);
  o.format = format;
  o.lang = lang;
  o.now = 1790000000; /* a fixed timestamp: reports comparable */
  o.analysis = an;
  crq_diags d;
  crq_diags_init(&d);
  crq_status st = crq_report_write(r, &o, f, &d);
  cr_assert_eq(fclose(f), 0);
  cr_assert_eq(st, CRQ_OK, "%s report: %s", format,
               d.count ? d.items[0].message : "no message");
  crq_diags_free(&d);
  if (len)
    *len = n;
  return buf;
}

/* Where text holds "nan" or "inf" as a word of its own (any case, with a
 * sign or not: what printf makes of a non-finite double), or NULL. Words
 * such as "financial" or "information" do not count. */
static inline const char *robust_nonfinite(const char *text) {
  for (const char *p = text; *p; p++) {
    if (p > text && isalnum((unsigned char)p[-1]))
      continue;
    if (strncasecmp(p, "nan", 3) != 0 && strncasecmp(p, "inf", 3) != 0)
      continue;
    const char *end = p + 3;
    if (strncasecmp(p, "infinity", 8) == 0)
      end = p + 8;
    if (!isalpha((unsigned char)*end))
      return p;
  }
  return NULL;
}

/* Fails the test when report (of the named format) shows a non-finite
 * number. */
static inline void robust_expect_finite(const char *report, const char *what) {
  const char *bad = robust_nonfinite(report);
  cr_expect_null(bad, "%s shows a non-finite number: ...%.60s...", what,
                 bad ? (bad - report > 30 ? bad - 30 : report) : "");
}

#endif
