/* tests/unit/test_sim_models.h — building crq_model structs in C for the
 * engine's tests (compile, sim, stats), independent of the YAML loader.
 *
 * A tm_model owns fixed-size arrays for everything a small model needs;
 * strings are literals. Inputs default to their spec's default (0 when the
 * spec has none). Free with tm_free.
 */
#ifndef TEST_SIM_MODELS_H
#define TEST_SIM_MODELS_H

#include "compile/plan.h"
#include "crq/crq.h"
#include "model_def.h"

#define TM_MAX 16

typedef struct tm_model {
  crq_model m;
  crq_scenario scen[TM_MAX];
  crq_trigger trig[TM_MAX][6];
  crq_kpi kpi[TM_MAX];
  crq_measure meas[TM_MAX];
  size_t meas_kpis[TM_MAX][TM_MAX];
  crq_effect eff[TM_MAX][TM_MAX];
  crq_appetite app[TM_MAX];
} tm_model;

/* A model with the JCIC organisation (revenue 1000億, 250 days, records
 * 1,333,334), trials 100000, seed 1, one thread, worst-case quantile 0.99. */
tm_model *tm_new(void);
void tm_free(tm_model *t);

crq_dist tm_const(double v);
crq_dist tm_poisson(double rate);
crq_dist tm_negbin(double mean, double size);
crq_dist tm_bernoulli(double p);
crq_dist tm_uniform(double lo, double hi);
crq_dist tm_lognormal(double mu, double sigma);
crq_dist tm_gamma(double shape, double scale);
crq_dist tm_discrete(size_t n, double *values, double *probs);

size_t tm_scenario(tm_model *t, const char *id, crq_dist frequency);
/* Adds loss model `key` to scenario s; returns its trigger. */
crq_trigger *tm_trigger(tm_model *t, size_t s, const char *key);
/* Sets input `key` of a trigger. */
void tm_input(crq_trigger *tr, const char *key, crq_dist d);
/* Scenario s triggering the plain loss model with amount d. */
size_t tm_plain(tm_model *t, const char *id, crq_dist frequency, crq_dist d);

size_t tm_kpi(tm_model *t, const char *id, double plan, double actual,
              int lower_is_better);
size_t tm_measure(tm_model *t, const char *id);
void tm_measure_kpi(tm_model *t, size_t m, size_t kpi);
/* Effect of measure m on scenario s (CRQ_TARGET_ALL_SCENARIOS for all):
 * model_key "frequency" or a loss model's key with its input's key. */
crq_effect *tm_effect(tm_model *t, size_t m, size_t s, const char *model_key,
                      const char *input_key, crq_effect_op op, double value);
void tm_appetite(tm_model *t, double return_period, double limit, int oep);

/* The JCIC example (examples/jcic_manufacturer.yaml) built in code: one
 * scenario at `rate` a year, constant inputs, the four measures with their
 * KPIs at the given actual share of plan (1 = fully achieved). */
tm_model *tm_jcic(double rate, double achieved);

/* A model with every kind of frequency, random inputs, a loss model that
 * draws a uniform (the fine) and one measure with every kind of effect: a
 * Poisson scenario thinned, a negative-binomial one with data theft (an
 * input scaled) and indirect costs, a Bernoulli one with a business
 * stoppage (an input set). Simulated one year at a time. */
tm_model *tm_mixed(void);

/* t's model compiled (the KPIs' own achievements); fails the test on
 * error. Free with crq_plan_free. */
crq_plan *tm_plan(const tm_model *t);

/* The options tm_run simulates with (defaults but for trials, seed and
 * threads), for tests that set more (precision, streaming, comm) first. */
crq_sim_options tm_options(uint64_t trials, uint64_t seed, int threads);

/* Simulates with trials, seed, threads; fails the test on error. */
crq_result *tm_run(const tm_model *t, uint64_t trials, uint64_t seed,
                   int threads);

/* The same with every option given; fails the test on error. */
crq_result *tm_run_with(const tm_model *t, const crq_sim_options *o);

/* Simulates with o, expecting it to fail with status: the one diagnostic's
 * message (the caller frees it) and its line (line may be NULL). */
char *tm_run_failing(const tm_model *t, const crq_sim_options *o,
                     crq_status status, int *line);

/* Checks that a report of r is refused, naming the option that made it
 * so. */
void tm_report_refused(const crq_result *r, const char *option);

#endif
