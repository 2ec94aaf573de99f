/* engine/model/load_measures.c — measures (controls), the KPIs that track
 * them and their effects on scenario inputs.
 *
 * An effect names its target as a path:
 *   scenarios.<id>.<model key>.<input key>   one input of one scenario
 *   scenarios.<id>.frequency                 the scenario's event rate
 *   scenarios.*.<...>                        every scenario that has it
 * and either sets the input to a value or scales it, at full achievement
 * of the measure's KPIs; `curve` maps achievement to the fraction of the
 * effect applied (model_def.h). Scenario ids may contain dots, so the path
 * is split from the right: model and input keys never do.
 *
 * Checks keep the model's inputs inside their valid ranges for any
 * achievement: a SET value must lie in the input's [min, max]; a SCALE
 * value must be >= 0 and keep the scaled distribution inside [min, max];
 * frequency effects may only lower the rate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"

#define TARGET_FORMS                                                           \
  "scenarios.<id>.<model>.<input>, scenarios.<id>.frequency or "               \
  "scenarios.*.<...>"

static int triggers(const crq_scenario *s, unsigned model) {
  for (size_t i = 0; i < s->n_triggers; i++)
    if (s->triggers[i].model == model)
      return 1;
  return 0;
}

/* The values an input (or the mean rate) takes over a set of scenarios:
 * [lo, hi], reached in scenarios lo_at and hi_at. `*` targets are checked
 * against the span over every scenario, computed once per model input, so
 * checking many effects against many scenarios stays linear. */
typedef struct crq_span {
  double lo, hi;
  size_t lo_at, hi_at;
  int any; /* some scenario has the input */
} crq_span;

#define SPAN_FREQUENCY (crq_loss_model_count * CRQ_MODEL_MAX_INPUTS)

static void widen(crq_span *s, double lo, double hi, size_t at) {
  if (!s->any || lo < s->lo)
    s->lo = lo, s->lo_at = at;
  if (!s->any || hi > s->hi)
    s->hi = hi, s->hi_at = at;
  s->any = 1;
}

/* The span of one scenario's input (model index, input index), or of its
 * mean rate for model CRQ_TARGET_FREQUENCY. */
static crq_span scenario_span(const crq_model *m, size_t i, unsigned model,
                              unsigned input) {
  crq_span s = {0};
  const crq_scenario *sc = &m->scenarios[i];
  if (model == CRQ_TARGET_FREQUENCY) {
    double mean = crq_dist_mean(&sc->frequency);
    widen(&s, mean, mean, i);
  }
  for (size_t t = 0; t < sc->n_triggers; t++) {
    if (sc->triggers[t].model != model)
      continue;
    const crq_dist *d = &sc->triggers[t].inputs[input];
    widen(&s, crq_dist_min(d), crq_dist_max(d), i);
  }
  return s;
}

static crq_span *all_spans(const crq_model *m) {
  crq_span *spans = calloc(SPAN_FREQUENCY + 1, sizeof *spans);
  for (size_t i = 0; spans && i < m->n_scenarios; i++) {
    const crq_scenario *sc = &m->scenarios[i];
    crq_span f = scenario_span(m, i, CRQ_TARGET_FREQUENCY, 0);
    widen(&spans[SPAN_FREQUENCY], f.lo, f.hi, i);
    for (size_t t = 0; t < sc->n_triggers; t++) {
      const crq_trigger *tr = &sc->triggers[t];
      for (unsigned k = 0; k < crq_loss_models[tr->model]->n_inputs; k++) {
        const crq_dist *d = &tr->inputs[k];
        widen(&spans[tr->model * CRQ_MODEL_MAX_INPUTS + k], crq_dist_min(d),
              crq_dist_max(d), i);
      }
    }
  }
  return spans;
}

/* The span of the effect's target over the scenarios it acts on. */
static crq_span target_span(const crq_load *ld, const crq_effect *e) {
  if (e->scenario != CRQ_TARGET_ALL_SCENARIOS)
    return scenario_span(ld->model, e->scenario, e->model, e->input);
  if (!ld->spans)
    return (crq_span){0};
  if (e->model == CRQ_TARGET_FREQUENCY)
    return ld->spans[SPAN_FREQUENCY];
  return ld->spans[e->model * CRQ_MODEL_MAX_INPUTS + e->input];
}

/* Resolves the scenario part of a target ("*" or an id). */
static int resolve_scenario(crq_load *ld, const crq_ynode *node, const char *id,
                            crq_effect *e) {
  if (strcmp(id, "*") == 0) {
    e->scenario = CRQ_TARGET_ALL_SCENARIOS;
    return 0;
  }
  long s = crq_id_find(ld->scenario_ids, ld->n_scenario_ids, id);
  if (s >= 0) {
    e->scenario = (size_t)s;
    return 0;
  }
  /* a scenario without a valid id, or no scenarios at all (a model needs
   * one: the block is missing or malformed): already reported */
  if (ld->n_scenario_ids < ld->model->n_scenarios ||
      ld->model->n_scenarios == 0)
    return -1;
  crq_load_unknown(ld, node, "scenario", id, "target", ld->scenario_names,
                   ld->scenario_names ? ld->model->n_scenarios : 0);
  return -1;
}

/* Resolves "<model>.<input>" and checks the scenario(s) trigger model. */
static int resolve_input(crq_load *ld, const crq_ynode *node, const char *model,
                         const char *input, crq_effect *e) {
  const crq_loss_model *lm = crq_loss_model_find(model, &e->model);
  if (!lm) {
    const char *keys[64 + 1];
    unsigned n = 0;
    for (; n < crq_loss_model_count && n < 64; n++)
      keys[n] = crq_loss_models[n]->key;
    keys[n++] = "frequency";
    crq_load_unknown(ld, node, "loss model", model, "target", keys, n);
    return -1;
  }
  const char *inputs[CRQ_MODEL_MAX_INPUTS];
  for (e->input = 0; e->input < lm->n_inputs; e->input++) {
    inputs[e->input] = lm->inputs[e->input].key;
    if (strcmp(inputs[e->input], input) == 0)
      break;
  }
  if (e->input == lm->n_inputs) {
    crq_load_unknown(ld, node, "input", input, lm->key, inputs, lm->n_inputs);
    return -1;
  }
  const crq_model *m = ld->model;
  if (e->scenario != CRQ_TARGET_ALL_SCENARIOS) {
    if (triggers(&m->scenarios[e->scenario], e->model))
      return 0;
    crq_load_error(ld, node,
                   "target: scenario '%s' does not trigger %s; "
                   "expected a loss model the scenario has",
                   m->scenarios[e->scenario].id, lm->key);
    return -1;
  }
  if (target_span(ld, e).any)
    return 0;
  crq_load_error(ld, node,
                 "target: no scenario triggers %s; expected a "
                 "loss model at least one scenario has",
                 lm->key);
  return -1;
}

/* Parses the target path into e->scenario, e->model and e->input. */
static int read_target(crq_load *ld, const crq_ynode *node, crq_effect *e) {
  char *path;
  if (crq_read_string(ld, node, "target", &path) != 0)
    return -1;
  int st = -1;
  char *rest = path + strlen("scenarios.");
  char *dot = strrchr(path, '.');
  if (strncmp(path, "scenarios.", strlen("scenarios.")) != 0 || !dot ||
      dot < rest) {
    crq_load_error(ld, node, "target: '%s' is not a target; expected %s", path,
                   TARGET_FORMS);
  } else if (strcmp(dot, ".frequency") == 0 && dot > rest) {
    *dot = '\0';
    e->model = CRQ_TARGET_FREQUENCY;
    e->input = 0;
    st = resolve_scenario(ld, node, rest, e);
  } else {
    *dot = '\0';
    char *model = strrchr(rest, '.');
    if (!model || model == rest || !dot[1]) {
      crq_load_error(ld, node,
                     "target: '%s.%s' is not a target; expected "
                     "%s",
                     path, dot + 1, TARGET_FORMS);
    } else {
      *model++ = '\0';
      st = resolve_scenario(ld, node, rest, e);
      if (st == 0)
        st = resolve_input(ld, node, model, dot + 1, e);
    }
  }
  free(path);
  return st;
}

/* Frequency effects: scale in [0, 1]; set <= each scenario's mean rate. */
static int check_frequency(crq_load *ld, const crq_ynode *node,
                           const crq_effect *e) {
  if (e->op == CRQ_EFFECT_SCALE) {
    if (e->value <= 1)
      return 0;
    crq_load_error(ld, node,
                   "scale: %g would raise the frequency; expected "
                   "a scale in [0, 1] (measures may only lower a rate)",
                   e->value);
    return -1;
  }
  crq_span s = target_span(ld, e);
  if (!s.any || e->value <= s.lo)
    return 0;
  crq_load_error(ld, node,
                 "set: %g is above the mean frequency %g of "
                 "scenario '%s'; expected at most %g (measures may only "
                 "lower a rate)",
                 e->value, s.lo, ld->model->scenarios[s.lo_at].id, s.lo);
  return -1;
}

/* A SCALE effect must keep the input's values inside [min, max] in every
 * scenario it targets (value >= 0, so the extremes scale to extremes). */
static int check_scale(crq_load *ld, const crq_ynode *node,
                       const crq_effect *e) {
  const crq_input_spec *spec = &crq_loss_models[e->model]->inputs[e->input];
  crq_span s = target_span(ld, e);
  double lo = e->value == 0 ? 0 : s.lo * e->value;
  double hi = e->value == 0 ? 0 : s.hi * e->value;
  if (!s.any || (lo >= spec->min && hi <= spec->max))
    return 0;
  int low = lo < spec->min;
  crq_load_error(ld, node,
                 "scale: %g can move %s.%s of scenario '%s' to %g; "
                 "expected every scaled value in [%g, %g]",
                 e->value, crq_loss_models[e->model]->key, spec->key,
                 ld->model->scenarios[low ? s.lo_at : s.hi_at].id,
                 low ? lo : hi, spec->min, spec->max);
  return -1;
}

/* set: v | scale: v (exactly one), checked against the target. */
static int read_change(crq_load *ld, const crq_ynode *node, crq_effect *e,
                       const char *where) {
  const crq_ynode *set = crq_ymap_get(node, "set");
  const crq_ynode *scale = crq_ymap_get(node, "scale");
  if (set && scale) {
    const crq_ynode *later =
        set->line > scale->line ||
                (set->line == scale->line && set->column > scale->column)
            ? set
            : scale;
    crq_load_error(ld, later,
                   "effect has both 'set' and 'scale'; expected "
                   "exactly one");
    return -1;
  }
  if (!set && !scale) {
    crq_load_missing(ld, node, "set' or 'scale", where,
                     "the value the target moves to or is multiplied by");
    return -1;
  }
  e->op = set ? CRQ_EFFECT_SET : CRQ_EFFECT_SCALE;
  int freq = e->model == CRQ_TARGET_FREQUENCY;
  const crq_input_spec *spec =
      freq ? NULL : &crq_loss_models[e->model]->inputs[e->input];
  if (set) {
    crq_range r =
        freq ? CRQ_RANGE_NONNEG : (crq_range){spec->min, spec->max, 0, 0};
    crq_numkind k = spec && (spec->flags & CRQ_INPUT_AMOUNT) ? CRQ_NUM_AMOUNT
                                                             : CRQ_NUM_PLAIN;
    if (crq_read_number(ld, set, "set", k, r, &e->value) != 0)
      return -1;
  } else if (crq_read_number(ld, scale, "scale", CRQ_NUM_PLAIN,
                             CRQ_RANGE_NONNEG, &e->value) != 0) {
    return -1;
  }
  if (freq)
    return check_frequency(ld, set ? set : scale, e);
  return set ? 0 : check_scale(ld, scale, e);
}

/* curve.table: at least two [achievement, fraction] points, achievements
 * strictly ascending, both in [0, 1]. */
static int read_table(crq_load *ld, const crq_ynode *node, crq_effect *e) {
  if (crq_read_seq(ld, node, "curve.table") != 0)
    return -1;
  if (node->n < 2) {
    crq_load_error(ld, node,
                   "curve.table: %zu point(s); expected at least "
                   "2 [achievement, fraction] points",
                   node->n);
    return -1;
  }
  e->points_x = malloc(node->n * sizeof *e->points_x);
  e->points_y = malloc(node->n * sizeof *e->points_y);
  if (!e->points_x || !e->points_y) {
    crq_load_error(ld, node, "out of memory; expected a smaller model");
    return -1;
  }
  for (size_t i = 0; i < node->n; i++) {
    const crq_ynode *p = node->items[i];
    if (p->kind != CRQ_YSEQ || p->n != 2) {
      crq_load_error(ld, p,
                     "curve.table: found %s; expected a pair "
                     "[achievement, fraction]",
                     p->kind == CRQ_YSEQ ? "a list of another length"
                                         : crq_ynode_what(p));
      return -1;
    }
    double *x = &e->points_x[i], *y = &e->points_y[i];
    if (crq_read_number(ld, p->items[0], "curve.table achievement",
                        CRQ_NUM_PLAIN, CRQ_RANGE_UNIT, x) != 0 ||
        crq_read_number(ld, p->items[1], "curve.table fraction", CRQ_NUM_PLAIN,
                        CRQ_RANGE_UNIT, y) != 0)
      return -1;
    if (i > 0 && *x <= e->points_x[i - 1]) {
      crq_load_error(ld, p->items[0],
                     "curve.table: achievement %g follows "
                     "%g; expected strictly ascending achievements",
                     *x, e->points_x[i - 1]);
      return -1;
    }
    e->n_points = i + 1;
  }
  return 0;
}

/* curve: linear | {step: threshold} | {table: [[a, f], ...]}. */
static int read_curve(crq_load *ld, const crq_ynode *node, crq_effect *e) {
  static const char *const kinds[] = {"step", "table", NULL};
  if (node->kind == CRQ_YSCALAR && strcmp(node->text, "linear") == 0) {
    e->curve = CRQ_CURVE_LINEAR;
    return 0;
  }
  if (node->kind != CRQ_YMAP || node->n != 1) {
    char buf[48], found[64];
    if (node->kind == CRQ_YSCALAR)
      snprintf(found, sizeof found, "'%s'", crq_load_shorten(node->text, buf));
    else
      snprintf(found, sizeof found, "%s", crq_ynode_what(node));
    crq_load_error(ld, node,
                   "curve: found %s; expected linear, {step: "
                   "threshold} or {table: [[achievement, fraction], ...]}",
                   found);
    return -1;
  }
  const crq_ynode *k = node->items[0], *v = node->items[1];
  if (strcmp(k->text, "step") == 0) {
    e->curve = CRQ_CURVE_STEP;
    return crq_read_number(ld, v, "curve.step", CRQ_NUM_PLAIN, CRQ_RANGE_UNIT,
                           &e->threshold);
  }
  if (strcmp(k->text, "table") == 0) {
    e->curve = CRQ_CURVE_TABLE;
    return read_table(ld, v, e);
  }
  crq_load_unknown(ld, k, "curve", k->text, NULL, kinds, 2);
  return -1;
}

static void load_effect(crq_load *ld, const crq_ynode *node,
                        const char *measure, size_t i, crq_effect *e) {
  static const char *const known[] = {"target", "set", "scale", "curve", NULL};
  char where[160];
  snprintf(where, sizeof where, "effect %zu of %s", i + 1, measure);
  e->mark = crq_load_mark(node);
  if (crq_read_map(ld, node, "effects", where, known) != 0)
    return;
  const crq_ynode *target = crq_ymap_get(node, "target");
  if (!target)
    crq_load_missing(ld, node, "target", where, TARGET_FORMS);
  else if (read_target(ld, target, e) == 0)
    read_change(ld, node, e, where);
  const crq_ynode *curve = crq_ymap_get(node, "curve");
  if (curve)
    read_curve(ld, curve, e);
}

/* kpis: [id, ...] of known KPIs, each once. */
/* kpis: [id, ...] of known KPIs, each once. listed_by[k] holds 1 + the
 * index of the last measure that named KPI k, so repeats are found in
 * O(1) with one array for all measures. */
static void load_measure_kpis(crq_load *ld, const crq_ynode *node,
                              crq_measure *ms, size_t index, size_t *listed_by,
                              const char *where) {
  const crq_model *m = ld->model;
  if (crq_read_seq(ld, node, "kpis") != 0 || node->n == 0)
    return;
  ms->kpis = calloc(node->n, sizeof *ms->kpis);
  if (!ms->kpis) {
    crq_load_error(ld, node, "out of memory; expected a smaller model");
    return;
  }
  for (size_t i = 0; i < node->n; i++) {
    const crq_ynode *v = node->items[i];
    char *id;
    if (crq_read_string(ld, v, "kpis", &id) != 0)
      continue;
    long k = crq_id_find(ld->kpi_ids, ld->n_kpi_ids, id);
    if (k < 0 && ld->n_kpi_ids < m->n_kpis) {
      /* a KPI without a valid id was reported; it may be this one */
    } else if (k < 0) {
      crq_load_unknown(ld, v, "KPI", id, where, ld->kpi_names,
                       ld->kpi_names ? m->n_kpis : 0);
    } else if (listed_by[k] == index + 1) {
      crq_load_error(ld, v,
                     "kpis: '%s' is listed twice; expected each KPI "
                     "once",
                     id);
    } else {
      listed_by[k] = index + 1;
      ms->kpis[ms->n_kpis++] = (size_t)k;
    }
    free(id);
  }
}

static void load_measure(crq_load *ld, const crq_ynode *node, size_t i,
                         size_t *listed_by, crq_measure *ms) {
  static const char *const known[] = {
      "id", "name", "cost_once", "cost_annual", "kpis", "effects", NULL};
  char where[96];
  snprintf(where, sizeof where, "measure %zu", i + 1);
  ms->mark = crq_load_mark(node);
  if (crq_read_map(ld, node, "measures", where, known) != 0)
    return;
  const crq_ynode *v = crq_ymap_get(node, "id");
  if (!v)
    crq_load_missing(ld, node, "id", where, "an id");
  else if (crq_read_id(ld, v, "id", &ms->id) == 0)
    snprintf(where, sizeof where, "measure '%s'", ms->id);
  crq_field_string(ld, node, where, "name", 0, &ms->name);
  if (!ms->name && ms->id && !(ms->name = strdup(ms->id)))
    crq_load_error(ld, node, "out of memory; expected a smaller model");
  crq_field_number(ld, node, where, "cost_once", CRQ_NUM_AMOUNT,
                   CRQ_RANGE_NONNEG, 0, &ms->cost_once);
  crq_field_number(ld, node, where, "cost_annual", CRQ_NUM_AMOUNT,
                   CRQ_RANGE_NONNEG, 0, &ms->cost_annual);
  if ((v = crq_ymap_get(node, "kpis")))
    load_measure_kpis(ld, v, ms, i, listed_by, where);
  v = crq_ymap_get(node, "effects");
  if (!v || crq_read_seq(ld, v, "effects") != 0 || v->n == 0)
    return;
  ms->effects = calloc(v->n, sizeof *ms->effects);
  if (!ms->effects) {
    crq_load_error(ld, v, "out of memory; expected a smaller model");
    return;
  }
  ms->n_effects = v->n;
  for (size_t j = 0; j < v->n; j++)
    load_effect(ld, v->items[j], where, j, &ms->effects[j]);
}

void crq_load_measures(crq_load *ld, const crq_ynode *node) {
  crq_model *m = ld->model;
  if (crq_read_seq(ld, node, "measures") != 0 || node->n == 0)
    return;
  m->measures = calloc(node->n, sizeof *m->measures);
  if (!m->measures) {
    crq_load_error(ld, node, "out of memory; expected a smaller model");
    return;
  }
  m->n_measures = node->n;
  ld->spans = all_spans(m);
  size_t *listed_by = calloc(m->n_kpis + 1, sizeof *listed_by);
  if (!ld->spans || !listed_by)
    crq_load_error(ld, node, "out of memory; expected a smaller model");
  for (size_t i = 0; ld->spans && listed_by && i < node->n; i++)
    load_measure(ld, node->items[i], i, listed_by, &m->measures[i]);
  free(listed_by);
  free(ld->spans);
  ld->spans = NULL;
  size_t n;
  free(CRQ_ID_INDEX(ld, m->measures, m->n_measures, "measure", &n));
}
