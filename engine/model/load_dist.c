/* engine/model/load_dist.c — reading a distribution in any of its YAML
 * forms and converting it to the one canonical parameterisation of dist.h.
 *
 * A value is a number (a constant) or a one-key mapping naming the kind.
 * Each kind has one or more forms (lognormal: {mu, sigma}, {mean, sd} or
 * {p05, p95}); the table `forms` lists each form's parameters with their
 * ranges, and a `make` function checks the relations between them (min <
 * max, ...) and computes the canonical parameters. The distribution's whole
 * support must then lie in the range the caller allows (a loss model
 * input's [min, max]), checked with crq_dist_min/crq_dist_max.
 */
#include <gsl/gsl_cdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"

/* z of the 95th percentile of the standard normal. */
#define Z95 1.6448536269514722

enum { P_MONEY = 1u, P_OPTIONAL = 2u };

typedef struct param {
  const char *key;
  unsigned flags;
  crq_range range;
  double def; /* P_OPTIONAL */
} param;

/* What a make function receives: the values in form order and the node
 * each came from (NULL when defaulted); body is the parameter mapping. */
typedef struct args {
  const char *path; /* "data_theft.privacy.pert", for messages */
  const crq_ynode *body;
  const crq_ynode *at[4];
  double v[4];
} args;

typedef struct form {
  crq_dist_kind kind;
  int scalar_ok; /* {kind: x} is short for the first parameter */
  unsigned n;
  param p[4];
  int (*make)(crq_load *ld, const args *a, crq_dist *d);
} form;

#define ANY CRQ_RANGE_ANY
#define POS CRQ_RANGE_POSITIVE
#define NONNEG CRQ_RANGE_NONNEG

static crq_dist blank(crq_dist_kind kind) {
  return (crq_dist){.kind = kind, .lo = -INFINITY, .hi = INFINITY};
}

static const crq_ynode *at(const args *a, int i) {
  return a->at[i] ? a->at[i] : a->body;
}

/* The parameters as given are the canonical ones. */
static int make_direct(crq_load *ld, const args *a, crq_dist *d) {
  (void)ld;
  memcpy(d->p, a->v, sizeof d->p);
  return 0;
}

/* Parameter i as the file wrote it ("1億", not 1e+08), or its value when
 * it was defaulted or is not a plain scalar; buf holds at least 48 bytes. */
static const char *as_written(const args *a, int i, char *buf) {
  if (a->at[i] && a->at[i]->kind == CRQ_YSCALAR)
    return crq_load_shorten(a->at[i]->text, buf);
  snprintf(buf, 48, "%g", a->v[i]);
  return buf;
}

static int check_below(crq_load *ld, const args *a, int lo, int hi) {
  char lbuf[48], hbuf[48];
  if (a->v[lo] < a->v[hi])
    return 0;
  const char *l = as_written(a, lo, lbuf), *h = as_written(a, hi, hbuf);
  if (a->v[lo] == a->v[hi])
    crq_load_error(ld, at(a, hi),
                   "%s: max %s is not above min %s; expected min < max "
                   "(for a value known exactly, write the number alone: %s)",
                   a->path, h, l, l);
  else
    crq_load_error(ld, at(a, hi),
                   "%s: max %s is not above min %s; expected min < max",
                   a->path, h, l);
  return -1;
}

static int make_uniform(crq_load *ld, const args *a, crq_dist *d) {
  if (check_below(ld, a, 0, 1))
    return -1;
  return make_direct(ld, a, d);
}

/* min <= mode <= max with min < max, for TRIANGULAR and PERT. */
static int make_modal(crq_load *ld, const args *a, crq_dist *d) {
  if (check_below(ld, a, 0, 2))
    return -1;
  if (a->v[1] < a->v[0] || a->v[1] > a->v[2]) {
    char l[48], m[48], h[48];
    crq_load_error(ld, at(a, 1),
                   "%s: mode %s is outside [%s, %s]; expected min <= mode "
                   "<= max",
                   a->path, as_written(a, 1, m), as_written(a, 0, l),
                   as_written(a, 2, h));
    return -1;
  }
  return make_direct(ld, a, d);
}

/* Probability that a standard normal lies in [a, b], without cancellation
 * in the upper tail. */
static double normal_mass(double a, double b) {
  if (a > 0)
    return gsl_cdf_ugaussian_Q(a) - gsl_cdf_ugaussian_Q(b);
  return gsl_cdf_ugaussian_P(b) - gsl_cdf_ugaussian_P(a);
}

static int make_normal(crq_load *ld, const args *a, crq_dist *d) {
  double mean = a->v[0], sd = a->v[1], lo = a->v[2], hi = a->v[3];
  if (a->at[2] && a->at[3] && check_below(ld, a, 2, 3))
    return -1;
  if (normal_mass((lo - mean) / sd, (hi - mean) / sd) < 1e-9) {
    crq_load_error(ld, a->body,
                   "%s: [%g, %g] holds almost none of normal(%g, %g); "
                   "expected truncation bounds near the mean",
                   a->path, lo, hi, mean, sd);
    return -1;
  }
  d->p[0] = mean;
  d->p[1] = sd;
  d->lo = lo;
  d->hi = hi;
  return 0;
}

static int make_lognormal_moments(crq_load *ld, const args *a, crq_dist *d) {
  (void)ld;
  double m = a->v[0], s = a->v[1];
  double s2 = log1p((s / m) * (s / m));
  d->p[0] = log(m) - s2 / 2;
  d->p[1] = sqrt(s2);
  return 0;
}

void crq_lognormal_from_p90(double p05, double p95, double *mu, double *sigma) {
  double a = log(p05), b = log(p95);
  *mu = (a + b) / 2;
  *sigma = (b - a) / (2 * Z95);
}

static int make_lognormal_p90(crq_load *ld, const args *a, crq_dist *d) {
  if (a->v[0] >= a->v[1]) {
    char l[48], h[48];
    crq_load_error(ld, at(a, 1),
                   "%s: p95 %s is not above p05 %s; expected p05 < p95",
                   a->path, as_written(a, 1, h), as_written(a, 0, l));
    return -1;
  }
  crq_lognormal_from_p90(a->v[0], a->v[1], &d->p[0], &d->p[1]);
  return 0;
}

static int make_gamma_moments(crq_load *ld, const args *a, crq_dist *d) {
  (void)ld;
  double m = a->v[0], s = a->v[1];
  d->p[0] = (m / s) * (m / s);
  d->p[1] = s * s / m;
  return 0;
}

static int make_beta(crq_load *ld, const args *a, crq_dist *d) {
  if (check_below(ld, a, 2, 3))
    return -1;
  d->p[0] = a->v[0];
  d->p[1] = a->v[1];
  d->lo = a->v[2];
  d->hi = a->v[3];
  return 0;
}

#define BOUND(k)                                                               \
  { k, P_MONEY, ANY, 0 }
static const form forms[] = {
    {CRQ_DIST_CONSTANT, 1, 1, {{"value", P_MONEY, ANY, 0}}, make_direct},
    {CRQ_DIST_UNIFORM, 0, 2, {BOUND("min"), BOUND("max")}, make_uniform},
    {CRQ_DIST_TRIANGULAR,
     0,
     3,
     {BOUND("min"), BOUND("mode"), BOUND("max")},
     make_modal},
    {CRQ_DIST_PERT,
     0,
     4,
     {BOUND("min"), BOUND("mode"), BOUND("max"), {"shape", P_OPTIONAL, POS, 4}},
     make_modal},
    {CRQ_DIST_NORMAL,
     0,
     4,
     {{"mean", P_MONEY, ANY, 0},
      {"sd", P_MONEY, POS, 0},
      {"min", P_MONEY | P_OPTIONAL, ANY, -INFINITY},
      {"max", P_MONEY | P_OPTIONAL, ANY, INFINITY}},
     make_normal},
    {CRQ_DIST_LOGNORMAL,
     0,
     2,
     {{"mu", 0, ANY, 0}, {"sigma", 0, POS, 0}},
     make_direct},
    {CRQ_DIST_LOGNORMAL,
     0,
     2,
     {{"mean", P_MONEY, POS, 0}, {"sd", P_MONEY, POS, 0}},
     make_lognormal_moments},
    {CRQ_DIST_LOGNORMAL,
     0,
     2,
     {{"p05", P_MONEY, POS, 0}, {"p95", P_MONEY, POS, 0}},
     make_lognormal_p90},
    {CRQ_DIST_GAMMA,
     0,
     2,
     {{"shape", 0, POS, 0}, {"scale", P_MONEY, POS, 0}},
     make_direct},
    {CRQ_DIST_GAMMA,
     0,
     2,
     {{"mean", P_MONEY, POS, 0}, {"sd", P_MONEY, POS, 0}},
     make_gamma_moments},
    {CRQ_DIST_BETA,
     0,
     4,
     {{"alpha", 0, POS, 0},
      {"beta", 0, POS, 0},
      {"min", P_MONEY | P_OPTIONAL, ANY, 0},
      {"max", P_MONEY | P_OPTIONAL, ANY, 1}},
     make_beta},
    {CRQ_DIST_POISSON, 1, 1, {{"mean", 0, NONNEG, 0}}, make_direct},
    {CRQ_DIST_NEGBIN,
     0,
     2,
     {{"mean", 0, NONNEG, 0}, {"size", 0, POS, 0}},
     make_direct},
    {CRQ_DIST_BERNOULLI, 1, 1, {{"p", 0, CRQ_RANGE_UNIT, 0}}, make_direct},
};
#define N_FORMS (sizeof forms / sizeof forms[0])

static int has_key(const form *f, const char *key) {
  for (unsigned i = 0; i < f->n; i++)
    if (strcmp(f->p[i].key, key) == 0)
      return 1;
  return 0;
}

/* The form of kind that has key (the first form when key is NULL), or
 * NULL. */
static const form *form_with(crq_dist_kind kind, const char *key) {
  for (size_t i = 0; i < N_FORMS; i++)
    if (forms[i].kind == kind && (!key || has_key(&forms[i], key)))
      return &forms[i];
  return NULL;
}

/* "{mu, sigma}, {mean, sd} or {p05, p95}" and the list of every key. */
static void describe_forms(crq_dist_kind kind, char *buf, size_t size,
                           const char **keys, size_t *n_keys) {
  size_t used = 0, n_forms = 0, total = 0;
  for (size_t i = 0; i < N_FORMS; i++)
    total += forms[i].kind == kind;
  *n_keys = 0;
  for (size_t i = 0; i < N_FORMS; i++) {
    if (forms[i].kind != kind)
      continue;
    n_forms++;
    const char *sep = n_forms == 1 ? "" : n_forms == total ? " or " : ", ";
    used += (size_t)snprintf(buf + used, size - used, "%s{", sep);
    for (unsigned j = 0; j < forms[i].n; j++) {
      used += (size_t)snprintf(buf + used, size - used, "%s%s", j ? ", " : "",
                               forms[i].p[j].key);
      keys[(*n_keys)++] = forms[i].p[j].key;
    }
    used += (size_t)snprintf(buf + used, size - used, "}");
  }
}

/* Picks the form of kind the keys of body belong to, reporting keys that
 * belong to no form, or to another form than the first recognised key. */
static const form *choose_form(crq_load *ld, const crq_ynode *body,
                               crq_dist_kind kind, const char *path, int *bad) {
  const form *chosen = NULL;
  const crq_ynode *chosen_by = NULL;
  char list[160];
  const char *keys[16];
  size_t n_keys;
  describe_forms(kind, list, sizeof list, keys, &n_keys);
  for (size_t i = 0; i < body->n; i++) {
    const crq_ynode *k = body->items[2 * i];
    const form *f = form_with(kind, k->text);
    if (!f) {
      crq_load_unknown(ld, k, "key", k->text, path, keys, n_keys);
      *bad = 1;
    } else if (!chosen) {
      chosen = f;
      chosen_by = k;
    } else if (!has_key(chosen, k->text)) {
      crq_load_error(ld, k,
                     "%s: '%s' cannot be combined with '%s'; "
                     "expected %s",
                     path, k->text, chosen_by->text, list);
      *bad = 1;
    }
  }
  return chosen ? chosen : form_with(kind, NULL);
}

/* Runs the form's make and checks that derived parameters are usable:
 * extreme moments or a 90% interval only a few ulps wide can round to an
 * infinite mu or a zero sigma. */
static int make_checked(crq_load *ld, const form *f, const args *a,
                        crq_dist *d) {
  if (f->make(ld, a, d) != 0)
    return -1;
  if (d->kind != CRQ_DIST_LOGNORMAL && d->kind != CRQ_DIST_GAMMA)
    return 0;
  if (isfinite(d->p[0]) && isfinite(d->p[1]) && d->p[1] > 0 &&
      (d->kind == CRQ_DIST_LOGNORMAL || d->p[0] > 0))
    return 0;
  crq_load_error(ld, a->body,
                 "%s: these parameters give %s (%g, %g), which cannot be "
                 "sampled; expected less extreme values",
                 a->path, crq_dist_kind_key(d->kind), d->p[0], d->p[1]);
  return -1;
}

/* Reads the parameters of one of kind's forms from body (a mapping, or a
 * scalar for the kinds that allow it). path names the value in messages.
 * Keys that are unknown or from another form are reported alone: the
 * missing keys they would cause are not. */
static int read_form(crq_load *ld, const crq_ynode *body, crq_dist_kind kind,
                     int amount, const char *path, crq_dist *d) {
  args a = {.path = path, .body = body};
  int bad = 0;
  const form *f = form_with(kind, NULL);
  *d = blank(kind);
  if (body->kind == CRQ_YSCALAR && !crq_ynode_is_null(body) && f->scalar_ok) {
    a.at[0] = body;
    int money = amount && (f->p[0].flags & P_MONEY);
    if (crq_read_number(ld, body, path, money ? CRQ_NUM_AMOUNT : CRQ_NUM_PLAIN,
                        f->p[0].range, &a.v[0]) != 0)
      return -1;
    return make_checked(ld, f, &a, d);
  }
  if (body->kind != CRQ_YMAP) {
    crq_load_error(ld, body,
                   "%s: found %s; expected a mapping of its "
                   "parameters",
                   path, crq_ynode_what(body));
    return -1;
  }
  int misspelt = 0;
  f = choose_form(ld, body, kind, path, &misspelt);
  for (unsigned i = 0; i < f->n; i++) {
    const param *p = &f->p[i];
    crq_numkind nk =
        amount && (p->flags & P_MONEY) ? CRQ_NUM_AMOUNT : CRQ_NUM_PLAIN;
    char key[192];
    snprintf(key, sizeof key, "%s.%s", path, p->key);
    a.at[i] = crq_ymap_get(body, p->key);
    if (a.at[i]) {
      bad |= crq_read_number(ld, a.at[i], key, nk, p->range, &a.v[i]) != 0;
    } else if (p->flags & P_OPTIONAL) {
      a.v[i] = p->def;
    } else if (!misspelt) {
      char want[96];
      crq_load_missing(ld, body, p->key, path,
                       crq_range_describe(p->range, nk, want, sizeof want));
      bad = 1;
    }
  }
  return bad || misspelt ? -1 : make_checked(ld, f, &a, d);
}

/* {discrete: {values: [...], probs: [...]}}: values strictly ascending
 * (whole numbers when whole), probabilities in [0, 1] summing to 1. */
static int read_discrete(crq_load *ld, const crq_ynode *body, int amount,
                         int whole, const char *path, crq_dist *d) {
  static const char *const known[] = {"values", "probs", NULL};
  char vkey[192], pkey[192];
  snprintf(vkey, sizeof vkey, "%s.values", path);
  snprintf(pkey, sizeof pkey, "%s.probs", path);
  *d = blank(CRQ_DIST_DISCRETE);
  if (crq_read_map(ld, body, path, path, known) != 0)
    return -1;
  const crq_ynode *values = crq_ymap_get(body, "values");
  const crq_ynode *probs = crq_ymap_get(body, "probs");
  if (!values)
    crq_load_missing(ld, body, "values", path, "a list of values");
  if (!probs)
    crq_load_missing(ld, body, "probs", path, "a list of probabilities");
  if (!values || !probs || crq_read_seq(ld, values, vkey) ||
      crq_read_seq(ld, probs, pkey))
    return -1;
  size_t n = values->n;
  if (n == 0) {
    crq_load_error(ld, values,
                   "%s: the list is empty; expected at least "
                   "one value",
                   vkey);
    return -1;
  }
  if (probs->n != n) {
    crq_load_error(ld, probs,
                   "%s: %zu probabilities for %zu values; "
                   "expected one probability per value",
                   pkey, probs->n, n);
    return -1;
  }
  d->values = malloc(n * sizeof *d->values);
  d->probs = malloc(n * sizeof *d->probs);
  if (!d->values || !d->probs) {
    crq_load_error(ld, body, "out of memory; expected a smaller model");
    return -1;
  }
  d->n = n;
  int bad = 0;
  double sum = 0;
  crq_numkind nk = amount ? CRQ_NUM_AMOUNT : CRQ_NUM_PLAIN;
  for (size_t i = 0; i < n; i++) {
    const crq_ynode *v = values->items[i];
    if (crq_read_number(ld, v, vkey, nk, whole ? NONNEG : ANY, &d->values[i]) !=
        0) {
      bad = 1;
    } else if (whole && d->values[i] != floor(d->values[i])) {
      crq_load_error(ld, v,
                     "%s: %g is not a whole number; expected whole "
                     "numbers of events",
                     vkey, d->values[i]);
      bad = 1;
    } else if (!bad && i > 0 && d->values[i] <= d->values[i - 1]) {
      crq_load_error(ld, v,
                     "%s: %g follows %g; expected strictly "
                     "ascending values",
                     vkey, d->values[i], d->values[i - 1]);
      bad = 1;
    }
    if (crq_read_number(ld, probs->items[i], pkey, CRQ_NUM_PLAIN,
                        CRQ_RANGE_UNIT, &d->probs[i]) != 0)
      bad = 1;
    sum += d->probs[i];
  }
  if (!bad && fabs(sum - 1) > 1e-9) {
    crq_load_error(ld, probs,
                   "%s: the probabilities sum to %.12g; "
                   "expected a sum of 1",
                   pkey, sum);
    bad = 1;
  }
  return bad ? -1 : 0;
}

/* Every value d can take must lie in r. */
static int check_support(crq_load *ld, const crq_ynode *node, const char *key,
                         const crq_dist *d, crq_range r) {
  double lo = crq_dist_min(d), hi = crq_dist_max(d);
  if (lo >= r.lo && hi <= r.hi)
    return 0;
  char want[96];
  crq_range_describe(r, CRQ_NUM_PLAIN, want, sizeof want);
  if (d->kind == CRQ_DIST_CONSTANT)
    crq_load_error(ld, node, "%s: %g is out of range; expected %s", key,
                   d->p[0], want);
  else
    crq_load_error(ld, node,
                   "%s: %s can take values %s %g; expected every "
                   "possible value to be %s",
                   key, crq_dist_kind_key(d->kind),
                   lo < r.lo ? "down to" : "up to", lo < r.lo ? lo : hi, want);
  return -1;
}

static int read_dist(crq_load *ld, const crq_ynode *node, const char *key,
                     int amount, crq_range r, int whole, crq_dist *out) {
  *out = blank(CRQ_DIST_CONSTANT);
  if (node->kind == CRQ_YSCALAR && !crq_ynode_is_null(node))
    return crq_read_number(
        ld, node, key, amount ? CRQ_NUM_AMOUNT : CRQ_NUM_PLAIN, r, &out->p[0]);
  if (node->kind != CRQ_YMAP || node->n == 0) {
    crq_load_error(ld, node,
                   "%s: found %s; expected a number or a "
                   "distribution such as {pert: {min: 1, mode: 2, max: 5}}",
                   key,
                   node->kind == CRQ_YMAP ? "an empty mapping"
                                          : crq_ynode_what(node));
    return -1;
  }
  const crq_ynode *k = node->items[0];
  int kind = crq_dist_kind_from_key(k->text);
  if (node->n > 1) {
    crq_load_error(ld, node->items[2],
                   "%s: '%s' after '%s'; expected "
                   "exactly one distribution",
                   key, node->items[2]->text, k->text);
    return -1;
  }
  if (kind < 0) {
    const char *kinds[CRQ_DIST_KIND_COUNT];
    for (int i = 0; i < CRQ_DIST_KIND_COUNT; i++)
      kinds[i] = crq_dist_kind_key((crq_dist_kind)i);
    crq_load_unknown(ld, k, "distribution", k->text, NULL, kinds,
                     CRQ_DIST_KIND_COUNT);
    return -1;
  }
  const crq_ynode *body = node->items[1];
  char path[128];
  snprintf(path, sizeof path, "%s.%s", key, k->text);
  int st = kind == CRQ_DIST_DISCRETE
               ? read_discrete(ld, body, amount, whole, path, out)
               : read_form(ld, body, (crq_dist_kind)kind, amount, path, out);
  if (st == 0)
    st = check_support(ld, node, key, out, r);
  if (st != 0) {
    crq_dist_free(out);
    *out = blank(CRQ_DIST_CONSTANT);
  }
  return st;
}

int crq_read_dist(crq_load *ld, const crq_ynode *node, const char *key,
                  int amount, crq_range r, crq_dist *out) {
  return read_dist(ld, node, key, amount, r, 0, out);
}

int crq_read_frequency(crq_load *ld, const crq_ynode *node, crq_dist *out) {
  *out = blank(CRQ_DIST_POISSON);
  if (node->kind == CRQ_YSCALAR && !crq_ynode_is_null(node)) {
    crq_load_error(ld, node,
                   "frequency: a plain number is not a frequency; "
                   "expected a distribution of the number of events per "
                   "year such as {poisson: 0.05}");
    return -1;
  }
  if (node->kind == CRQ_YMAP && node->n > 0) {
    const crq_ynode *k = node->items[0];
    int kind = crq_dist_kind_from_key(k->text);
    if (kind >= 0 && kind != CRQ_DIST_POISSON && kind != CRQ_DIST_NEGBIN &&
        kind != CRQ_DIST_BERNOULLI && kind != CRQ_DIST_DISCRETE) {
      crq_load_error(ld, k,
                     "frequency: %s is not a distribution of event "
                     "counts; expected poisson, negbin, bernoulli or "
                     "discrete",
                     k->text);
      return -1;
    }
  }
  return read_dist(ld, node, "frequency", 0, NONNEG, 1, out);
}
