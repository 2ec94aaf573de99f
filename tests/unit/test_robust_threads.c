/* tests/unit/test_robust_threads.c — the library used from several
 * threads at once, as the public headers promise (docs/robustness.md):
 * loading, simulating and reporting different models in four pthreads,
 * four simulations of one model, and four writers of one result all give
 * the JSON report of a sequential run, byte for byte once the "run"
 * object (elapsed time, threads, timestamp) is removed.
 *
 * The simulations use two OpenMP threads each, so the pthreads also run
 * concurrent OpenMP teams. A data race shows up as a report that differs,
 * or as an AddressSanitizer report in `make asan`.
 */
#include <jansson.h>
#include <pthread.h>

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "crq/crq.h"

#define N_JOBS 4
#define TRIALS 4000

static const char *const examples[N_JOBS] = {
    "examples/jcic_manufacturer.yaml", "examples/jcic_partial.yaml",
    "examples/hospital.yaml", "examples/retailer_ecommerce.yaml"};

/* The JSON report of r without its "run" object (caller frees), or NULL
 * on failure. Called from the worker threads: no assertions here (they
 * are checked on the main thread). */
static char *json_without_run(const crq_result *r) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  if (!f)
    return NULL;
  crq_report_options o;
  crq_report_options_init(&o);
  o.format = "json";
  o.lang = "en";
  o.now = 1790000000;
  crq_diags d;
  crq_diags_init(&d);
  crq_status st = crq_report_write(r, &o, f, &d);
  crq_diags_free(&d);
  char *out = NULL;
  json_t *j = fclose(f) == 0 && st == CRQ_OK ? json_loads(text, 0, NULL) : NULL;
  if (j && json_object_del(j, "run") == 0)
    out = json_dumps(j, JSON_INDENT(1) | JSON_REAL_PRECISION(17));
  json_decref(j);
  free(text);
  return out;
}

static crq_result *simulate(const crq_model *m) {
  crq_sim_options o;
  crq_sim_options_init(&o);
  o.trials = TRIALS;
  o.threads = 2;
  crq_diags d;
  crq_diags_init(&d);
  crq_result *r = NULL;
  crq_simulate(m, &o, &r, &d);
  crq_diags_free(&d);
  return r;
}

/* One job: load a file (unless given a model), simulate, report; or only
 * write a given result. json is NULL when any step failed. */
typedef struct job {
  const char *file;
  const crq_model *model;   /* NULL: load file */
  const crq_result *result; /* non-NULL: only write this result */
  char *json;               /* the report without "run" */
} job;

static void *run_job(void *arg) {
  job *j = arg;
  if (j->result) {
    j->json = json_without_run(j->result);
    return NULL;
  }
  crq_model *own = NULL;
  if (!j->model) {
    crq_diags d;
    crq_diags_init(&d);
    crq_model_load_file(j->file, &d, &own);
    crq_diags_free(&d);
  }
  const crq_model *m = j->model ? j->model : own;
  crq_result *r = m ? simulate(m) : NULL;
  j->json = r ? json_without_run(r) : NULL;
  crq_result_free(r);
  crq_model_free(own);
  return NULL;
}

/* Runs the jobs in N_JOBS threads at once. */
static void run_concurrently(job *jobs) {
  pthread_t t[N_JOBS];
  for (int i = 0; i < N_JOBS; i++)
    cr_assert_eq(pthread_create(&t[i], NULL, run_job, &jobs[i]), 0);
  for (int i = 0; i < N_JOBS; i++)
    cr_assert_eq(pthread_join(t[i], NULL), 0);
}

static void expect_same(const job *jobs, const char *const *want,
                        const char *what) {
  for (int i = 0; i < N_JOBS; i++) {
    cr_assert_not_null(jobs[i].json, "%s: job %d (%s) failed", what, i,
                       jobs[i].file);
    cr_expect_str_eq(jobs[i].json, want[i], "%s: job %d (%s) differs", what, i,
                     jobs[i].file);
    free(jobs[i].json);
  }
}

Test(robust_threads, different_models_in_four_threads_match_a_sequential_run,
     .timeout = 120) {
  char *want[N_JOBS];
  for (int i = 0; i < N_JOBS; i++) {
    job j = {.file = examples[i]};
    run_job(&j);
    cr_assert_not_null(j.json, "%s", examples[i]);
    want[i] = j.json;
  }
  for (int round = 0; round < 2; round++) {
    job jobs[N_JOBS];
    for (int i = 0; i < N_JOBS; i++)
      jobs[i] = (job){.file = examples[i]};
    run_concurrently(jobs);
    expect_same(jobs, (const char *const *)want, "load + simulate + report");
  }
  for (int i = 0; i < N_JOBS; i++)
    free(want[i]);
}

Test(robust_threads, one_model_simulated_by_four_threads, .timeout = 120) {
  crq_model *m = NULL;
  crq_diags d;
  crq_diags_init(&d);
  cr_assert_eq(crq_model_load_file(examples[0], &d, &m), CRQ_OK);
  crq_diags_free(&d);
  job one = {.file = examples[0], .model = m};
  run_job(&one);
  cr_assert_not_null(one.json);
  const char *want[N_JOBS] = {one.json, one.json, one.json, one.json};
  job jobs[N_JOBS];
  for (int i = 0; i < N_JOBS; i++)
    jobs[i] = (job){.file = examples[0], .model = m};
  run_concurrently(jobs);
  expect_same(jobs, want, "one model");
  free(one.json);
  crq_model_free(m);
}

/* A fresh result has sorted nothing yet: the four writers race to sort
 * its losses (under the result's lock) and must all see the same
 * figures. */
Test(robust_threads, one_result_written_by_four_threads, .timeout = 120) {
  crq_model *m = NULL;
  crq_diags d;
  crq_diags_init(&d);
  cr_assert_eq(crq_model_load_file(examples[0], &d, &m), CRQ_OK);
  crq_diags_free(&d);
  crq_result *first = simulate(m);
  cr_assert_not_null(first);
  char *one = json_without_run(first);
  cr_assert_not_null(one);
  crq_result_free(first);
  const char *want[N_JOBS] = {one, one, one, one};
  crq_result *fresh = simulate(m);
  cr_assert_not_null(fresh);
  job jobs[N_JOBS];
  for (int i = 0; i < N_JOBS; i++)
    jobs[i] = (job){.file = examples[0], .result = fresh};
  run_concurrently(jobs);
  expect_same(jobs, want, "one result");
  free(one);
  crq_result_free(fresh);
  crq_model_free(m);
}
