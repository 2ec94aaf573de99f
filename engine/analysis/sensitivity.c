/* engine/analysis/sensitivity.c — one input at a time to its low and high
 * end, everything else fixed: the tornado (crq_sensitivity_run,
 * crq/whatif.h).
 *
 * The inputs are every scenario's frequency and every input of every loss
 * model a scenario triggers. A random input is moved to its p_low and
 * p_high quantiles (held there as a constant: the spread it alone brings
 * is removed, its level moved); a constant input to ±swing (clipped to the
 * input's range); a frequency's mean number of events a year to ±swing,
 * whatever its form (for a bernoulli or discrete frequency, the chance of
 * an event is scaled, capped at certainty). Each end is a variant of the
 * source with one assignment, loaded and checked by the loader like a
 * file, and simulated on the same trials as the base model, so a swing is
 * a paired difference, not noise between runs. Items are ranked by the
 * swing of the EAL, then of VaR 99%.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/whatif_impl.h"
#include "model_def.h"

struct crq_sensitivity {
  const crq_model *model; /* the source's, borrowed */
  crq_sensitivity_options opts;
  crq_figures base;
  size_t n;
  crq_sensitivity_item *items; /* ranked once evaluated */
};

void crq_sensitivity_options_init(crq_sensitivity_options *opts) {
  memset(opts, 0, sizeof *opts);
  crq_whatif_options_init(&opts->run);
  opts->swing = 0.1;
  opts->p_low = 0.1;
  opts->p_high = 0.9;
}

void crq_sensitivity_free(crq_sensitivity *s) {
  if (!s)
    return;
  for (size_t i = 0; i < s->n; i++) {
    free(s->items[i].path);
    free(s->items[i].input);
  }
  free(s->items);
  free(s);
}

/* Adds an item (the strings are formatted into it); -1 when out of
 * memory. */
static int add_item(crq_sensitivity *s, size_t scenario, crq_input_kind kind,
                    int amount, const char *input, double base, double low,
                    double high) {
  crq_sensitivity_item *it = &s->items[s->n];
  memset(it, 0, sizeof *it);
  it->scenario = scenario;
  it->kind = kind;
  it->amount = amount;
  it->base = base;
  it->low = low;
  it->high = high;
  if (asprintf(&it->path, "scenarios.%s.%s", s->model->scenarios[scenario].id,
               input) < 0)
    return -1;
  if (!(it->input = strdup(input))) {
    free(it->path);
    return -1;
  }
  s->n++;
  return 0;
}

/* The low and high ends of one loss-model input. */
static void input_ends(const crq_dist *d, const crq_input_spec *spec,
                       const crq_sensitivity_options *o, double *base,
                       double *low, double *high) {
  if (d->kind != CRQ_DIST_CONSTANT) {
    *base = crq_dist_mean(d);
    *low = crq_dist_quantile(d, o->p_low);
    *high = crq_dist_quantile(d, o->p_high);
    return;
  }
  double x = d->p[0], a = x * (1 - o->swing), b = x * (1 + o->swing);
  *base = x;
  *low = fmin(fmax(fmin(a, b), spec->min), spec->max);
  *high = fmin(fmax(fmax(a, b), spec->min), spec->max);
}

/* Lists every input whose two ends differ; -1 when out of memory. */
static int collect(crq_sensitivity *s) {
  const crq_model *m = s->model;
  size_t cap = 0;
  for (size_t i = 0; i < m->n_scenarios; i++) {
    cap++;
    for (size_t t = 0; t < m->scenarios[i].n_triggers; t++)
      cap += crq_loss_models[m->scenarios[i].triggers[t].model]->n_inputs;
  }
  if (!(s->items = calloc(cap, sizeof *s->items)))
    return -1;
  for (size_t i = 0; i < m->n_scenarios; i++) {
    const crq_scenario *sc = &m->scenarios[i];
    double rate = crq_dist_mean(&sc->frequency);
    if (rate > 0 &&
        add_item(s, i, CRQ_INPUT_FREQUENCY, 0, "frequency", rate,
                 rate * (1 - s->opts.swing), rate * (1 + s->opts.swing)) != 0)
      return -1;
    for (size_t t = 0; t < sc->n_triggers; t++) {
      const crq_loss_model *lm = crq_loss_models[sc->triggers[t].model];
      for (unsigned k = 0; k < lm->n_inputs; k++) {
        const crq_dist *d = &sc->triggers[t].inputs[k];
        double base, low, high;
        input_ends(d, &lm->inputs[k], &s->opts, &base, &low, &high);
        char input[128];
        snprintf(input, sizeof input, "%s.%s", lm->key, lm->inputs[k].key);
        if (isfinite(low) && isfinite(high) && low != high &&
            add_item(s, i,
                     d->kind == CRQ_DIST_CONSTANT ? CRQ_INPUT_CONSTANT
                                                  : CRQ_INPUT_DISTRIBUTION,
                     (lm->inputs[k].flags & CRQ_INPUT_AMOUNT) != 0, input, base,
                     low, high) != 0)
          return -1;
      }
    }
  }
  return 0;
}

/* A number as YAML, exactly. */
static int put_num(FILE *f, double x) {
  return fprintf(f, "%.17g", x);
}

/* The assignment moving a frequency's mean to `rate`: the rate alias for
 * poisson and negbin; for bernoulli and discrete frequencies the chance of
 * events scaled (capped at 1), returned in *actual as the rate reached. */
static int frequency_value(FILE *f, const crq_dist *d, double rate,
                           double *actual) {
  double mean = crq_dist_mean(d);
  if (d->kind == CRQ_DIST_POISSON || d->kind == CRQ_DIST_NEGBIN) {
    *actual = rate;
    return fputs("rate=", f) < 0 || put_num(f, rate) < 0 ? -1 : 0;
  }
  /* scale P(N > 0) by rate / mean, the mass at 0 taking the rest */
  double q = d->kind == CRQ_DIST_BERNOULLI ? d->p[0] : 0.0;
  for (size_t i = 0; d->kind == CRQ_DIST_DISCRETE && i < d->n; i++)
    q += d->values[i] > 0 ? d->probs[i] : 0.0;
  double q2 = fmin(q * (rate / mean), 1.0), scale = q2 / q;
  *actual = d->kind == CRQ_DIST_BERNOULLI ? q2 : mean * scale;
  if (d->kind == CRQ_DIST_BERNOULLI)
    return fputs("rate=", f) < 0 || put_num(f, q2) < 0 ? -1 : 0;
  fputs("={discrete: {values: [0", f);
  for (size_t i = 0; i < d->n; i++)
    if (d->values[i] > 0 &&
        (fputs(", ", f) < 0 || put_num(f, d->values[i]) < 0))
      return -1;
  fputs("], probs: [", f);
  put_num(f, fmax(0.0, 1.0 - q2));
  for (size_t i = 0; i < d->n; i++)
    if (d->values[i] > 0 &&
        (fputs(", ", f) < 0 || put_num(f, d->probs[i] * scale) < 0))
      return -1;
  return fputs("]}}", f) < 0 ? -1 : 0;
}

/* The assignment of an item's end (value in *v, updated to the value
 * actually reached for frequencies). NULL when out of memory. */
static char *end_assignment(const crq_sensitivity *s,
                            const crq_sensitivity_item *it, double *v) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  if (!f)
    return NULL;
  int rc;
  if (it->kind == CRQ_INPUT_FREQUENCY) {
    const crq_scenario *sc = &s->model->scenarios[it->scenario];
    rc = fprintf(f, "scenarios.%s.frequency%s", sc->id,
                 sc->frequency.kind == CRQ_DIST_DISCRETE ? "" : ".") < 0 ||
         frequency_value(f, &sc->frequency, *v, v) != 0;
  } else {
    rc = fprintf(f, "%s=", it->path) < 0 || put_num(f, *v) < 0;
  }
  if (fclose(f) != 0 || rc) {
    free(text);
    return NULL;
  }
  return text;
}

/* Evaluates one end of an item into *fig. */
static crq_status
evaluate_end(const crq_model_source *src, const crq_sensitivity *s,
             crq_sensitivity_item *it, double *v, const crq_sim_options *sim,
             crq_whatif_progress *p, crq_figures *fig, crq_diags *diags) {
  char *set = end_assignment(s, it, v);
  if (!set)
    return crq_diags_add(diags, CRQ_ERR_NOMEM, NULL, 0, 0,
                         "out of memory in the sensitivity analysis");
  crq_model *m;
  crq_status st =
      crq_model_source_variant(src, (const char *const *)&set, 1, diags, &m);
  free(set);
  if (st != CRQ_OK)
    return st;
  st = crq_whatif_evaluate(m, NULL, sim, s->opts.run.baseline, p, fig, diags);
  crq_model_free(m);
  return st;
}

static int by_swing(const void *a, const void *b) {
  const crq_sensitivity_item *x = a, *y = b;
  for (int f = CRQ_FIG_EAL; f <= CRQ_FIG_VAR99; f++)
    if (x->swing[f] != y->swing[f])
      return x->swing[f] < y->swing[f] ? 1 : -1;
  if (x->scenario != y->scenario)
    return x->scenario < y->scenario ? -1 : 1;
  return strcmp(x->input, y->input);
}

static crq_status check_options(const crq_sensitivity_options *o,
                                crq_diags *diags) {
  if (!(o->swing > 0 && o->swing < 1))
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "swing %g is out of range; expected a fraction in "
                         "(0, 1), e.g. 0.1 for ±10%%",
                         o->swing);
  if (!(o->p_low > 0 && o->p_low < o->p_high && o->p_high < 1))
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "percentiles %g and %g are out of range; expected "
                         "0 < low < high < 1, e.g. 0.1 and 0.9",
                         o->p_low, o->p_high);
  return CRQ_OK;
}

crq_status crq_sensitivity_run(const crq_model_source *src,
                               const crq_sensitivity_options *opts,
                               crq_sensitivity **out, crq_diags *diags) {
  if (!src || !out)
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "crq_sensitivity_run: no model source or no result "
                         "pointer");
  *out = NULL;
  crq_sensitivity *s = calloc(1, sizeof *s);
  if (!s)
    return crq_diags_add(diags, CRQ_ERR_NOMEM, NULL, 0, 0,
                         "out of memory in the sensitivity analysis");
  crq_sensitivity_options_init(&s->opts);
  if (opts)
    s->opts = *opts;
  s->model = crq_model_source_model(src);
  crq_status st = check_options(&s->opts, diags);
  if (st == CRQ_OK && collect(s) != 0)
    st = crq_diags_add(diags, CRQ_ERR_NOMEM, NULL, 0, 0,
                       "out of memory in the sensitivity analysis");
  crq_whatif_progress p;
  crq_sim_options sim =
      crq_whatif_sim(s->model, &s->opts.run.sim, &p, 1 + 2 * (uint64_t)s->n);
  if (st == CRQ_OK)
    st = crq_whatif_evaluate(s->model, NULL, &sim, s->opts.run.baseline, &p,
                             &s->base, diags);
  for (size_t i = 0; i < s->n && st == CRQ_OK; i++) {
    crq_sensitivity_item *it = &s->items[i];
    st = evaluate_end(src, s, it, &it->low, &sim, &p, &it->at_low, diags);
    if (st == CRQ_OK)
      st = evaluate_end(src, s, it, &it->high, &sim, &p, &it->at_high, diags);
    for (int f = 0; f < CRQ_FIG_COUNT; f++)
      it->swing[f] = fabs(it->at_high.fig[f].value - it->at_low.fig[f].value);
  }
  if (st != CRQ_OK) {
    crq_sensitivity_free(s);
    return st;
  }
  qsort(s->items, s->n, sizeof *s->items, by_swing);
  s->opts.run.sim = sim;
  s->opts.run.sim.progress = NULL;
  s->opts.run.sim.progress_ctx = NULL;
  *out = s;
  return CRQ_OK;
}

const crq_model *crq_sensitivity_model(const crq_sensitivity *s) {
  return s->model;
}

const crq_sensitivity_options *
crq_sensitivity_options_of(const crq_sensitivity *s) {
  return &s->opts;
}

const crq_figures *crq_sensitivity_base(const crq_sensitivity *s) {
  return &s->base;
}

size_t crq_sensitivity_count(const crq_sensitivity *s) {
  return s->n;
}

const crq_sensitivity_item *crq_sensitivity_at(const crq_sensitivity *s,
                                               size_t i) {
  return i < s->n ? &s->items[i] : NULL;
}
