/* engine/report/whatif_text.c — the what-if analyses as text tables, for
 * the terminal: compare (figures, paired differences, appetite), sweep (a
 * row per value, or a grid per figure), sensitivity (the ranked tornado)
 * and optimise (the best set, the measures, the efficient frontier).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model_def.h"
#include "table.h"
#include "whatif_report.h"
#include "writers.h"

/* The figures the sweep and sensitivity tables show. */
static const crq_figure shown[] = {CRQ_FIG_MAX_LOSS, CRQ_FIG_EAL, CRQ_FIG_VAR99,
                                   CRQ_FIG_TVAR99};

typedef struct text_out {
  const crq_wi *w;
  int failed;
} text_out;

static void done(text_out *t, crq_table *table) {
  if (table->failed)
    t->failed = 1;
  else
    crq_table_print(table, t->w->out, 2);
  crq_table_free(table);
}

static void title(const text_out *t, const char *en, const char *ja) {
  fprintf(t->w->out, "\n%s\n", crq_wi_tr(t->w, en, ja));
}

/* The first lines: what, of which model, on which trials. */
static void heading(const text_out *t, uint64_t trials, uint64_t seed,
                    const char *basis, int simulated) {
  const crq_wi *w = t->w;
  fprintf(w->out, "crq %s — %s\n", crq_wi_kind_key(w->kind), w->model->name);
  if (simulated)
    fprintf(w->out,
            crq_wi_tr(w,
                      "Every variant: %llu trials, seed %llu (the same "
                      "random numbers); figures %s.\n",
                      "全ての条件で試行 %llu 回・シード %llu (同じ乱数); "
                      "%s。\n"),
            (unsigned long long)trials, (unsigned long long)seed, basis);
}

/* "value (SE se)" into cell. */
static char *with_se(const crq_wi *w, crq_wi_cell cell, crq_estimate e,
                     int sign) {
  crq_wi_cell v, se;
  if (sign)
    crq_wi_signed(w, v, e.value);
  else
    crq_wi_amount(w, v, e.value);
  if (!crq_wi_has_se(e))
    snprintf(cell, sizeof(crq_wi_cell), "%s", v);
  else
    snprintf(cell, sizeof(crq_wi_cell), "%.200s ± %.200s", v,
             crq_wi_amount(w, se, e.se));
  return cell;
}

/* Compare: the appetite verdicts, columns the first model's thresholds,
 * matched by name in the others. */
static void compare_appetite(text_out *t) {
  const crq_wi *w = t->w;
  const crq_compare *c = w->compare;
  const crq_model *m0 = w->model;
  size_t n_thr = m0->n_appetite < 9 ? m0->n_appetite : 9;
  if (n_thr == 0)
    return;
  title(t, "Risk appetite (each model against its own thresholds)",
        "リスク許容度 (各モデル自身の閾値に対する判定)");
  crq_align al[CRQ_TABLE_MAX_COLS] = {CRQ_LEFT};
  crq_table table;
  crq_table_init(&table, n_thr + 1, al);
  const char *head[CRQ_TABLE_MAX_COLS] = {crq_wi_tr(w, "Model", "モデル")};
  for (size_t k = 0; k < n_thr; k++)
    head[k + 1] = m0->appetite[k].name;
  crq_table_add(&table, head);
  for (size_t i = 0; i < crq_compare_count(c); i++) {
    const crq_result *r = crq_compare_result(c, i);
    const crq_model *m = crq_result_model(r);
    crq_wi_cell cells[CRQ_TABLE_MAX_COLS];
    const char *row[CRQ_TABLE_MAX_COLS] = {crq_compare_label(c, i)};
    for (size_t k = 0; k < n_thr; k++) {
      size_t j = 0;
      while (j < m->n_appetite &&
             strcmp(m->appetite[j].name, m0->appetite[k].name) != 0)
        j++;
      row[k + 1] = "—";
      if (j == m->n_appetite)
        continue;
      crq_estimate q;
      crq_verdict v =
          crq_result_appetite(r, crq_compare_variant(c, i), j, &q, NULL);
      crq_wi_cell a;
      snprintf(cells[k], sizeof cells[k], "%s (%s)",
               crq_report_verdict_word(v, w->ja), crq_wi_amount(w, a, q.value));
      row[k + 1] = cells[k];
    }
    crq_table_add(&table, row);
  }
  done(t, &table);
}

static void compare_text(text_out *t) {
  const crq_wi *w = t->w;
  const crq_compare *c = w->compare;
  const crq_result *r0 = crq_compare_result(c, 0);
  heading(t, crq_result_trials(r0), crq_result_seed(r0),
          crq_wi_basis(w, crq_compare_variant(c, 0) == CRQ_BASELINE &&
                              crq_result_variant_count(r0) > 1),
          1);
  crq_align al[] = {CRQ_LEFT, CRQ_RIGHT, CRQ_RIGHT, CRQ_RIGHT, CRQ_RIGHT};
  for (int part = 0; part < 2; part++) {
    if (part == 0)
      title(t, "Figures", "主要指標");
    else if (crq_compare_count(c) > 1)
      fprintf(w->out,
              crq_wi_tr(w,
                        "\nDifference to %s (paired on the same trials, ± "
                        "one standard error)\n",
                        "\n%s との差 (同じ試行での対応のある差, ± 標準誤差)\n"),
              crq_compare_label(c, 0));
    else
      break;
    crq_table table;
    crq_table_init(&table, 5, al);
    const char *head[5] = {crq_wi_tr(w, "Model", "モデル")};
    for (int f = 0; f < CRQ_FIG_COUNT; f++)
      head[f + 1] = crq_wi_figure_name(w, (crq_figure)f);
    crq_table_add(&table, head);
    for (size_t i = part; i < crq_compare_count(c); i++) {
      crq_wi_cell cells[CRQ_FIG_COUNT];
      const char *row[5] = {crq_compare_label(c, i)};
      for (int f = 0; f < CRQ_FIG_COUNT; f++)
        row[f + 1] = with_se(w, cells[f],
                             part ? crq_compare_difference(c, i, (crq_figure)f)
                                  : crq_compare_figure(c, i, (crq_figure)f),
                             part);
      crq_table_add(&table, row);
    }
    done(t, &table);
  }
  compare_appetite(t);
}

/* "path from a to b, n steps (how)". */
static void axis_line(const text_out *t, size_t a) {
  const crq_wi *w = t->w;
  const crq_sweep_axis *x = crq_sweep_axis_at(w->sweep, a);
  crq_wi_cell from, to;
  fprintf(w->out,
          crq_wi_tr(w, "Axis %zu: %s from %s to %s, %zu values (%s)\n",
                    "軸 %zu: %s を %s から %s まで %zu 点 (%s)\n"),
          a + 1, x->path, crq_wi_value(w, from, x->from, 0),
          crq_wi_value(w, to, x->to, 0), x->steps,
          crq_sweep_axis_cheap(w->sweep, a)
              ? crq_wi_tr(w, "the measures' achievements recomputed",
                          "対策の達成度を再計算")
              : crq_wi_tr(w, "the model reloaded at each value",
                          "値ごとにモデルを再読込"));
}

static void sweep_1d(text_out *t) {
  const crq_wi *w = t->w;
  const crq_sweep *s = w->sweep;
  crq_align al[] = {CRQ_RIGHT, CRQ_RIGHT, CRQ_RIGHT, CRQ_RIGHT, CRQ_RIGHT};
  crq_table table;
  crq_table_init(&table, 5, al);
  const char *head[5] = {crq_sweep_axis_at(s, 0)->path};
  for (int f = 0; f < CRQ_FIG_COUNT; f++)
    head[f + 1] = crq_wi_figure_name(w, shown[f]);
  crq_table_add(&table, head);
  for (size_t i = 0; i < crq_sweep_axis_at(s, 0)->steps; i++) {
    crq_wi_cell cells[CRQ_FIG_COUNT + 1];
    const char *row[5] = {
        crq_wi_value(w, cells[0], crq_sweep_value(s, 0, i), 0)};
    for (int f = 0; f < CRQ_FIG_COUNT; f++)
      row[f + 1] =
          with_se(w, cells[f + 1], crq_sweep_figure(s, i, 0, shown[f]), 0);
    crq_table_add(&table, row);
  }
  done(t, &table);
}

/* One figure over the 2-D grid, in tables of at most 8 columns of axis
 * 2's values. */
static void sweep_grid(text_out *t, crq_figure f) {
  const crq_wi *w = t->w;
  const crq_sweep *s = w->sweep;
  size_t n0 = crq_sweep_axis_at(s, 0)->steps,
         n1 = crq_sweep_axis_at(s, 1)->steps;
  fprintf(w->out, "\n%s (%s ↓, %s →)\n", crq_wi_figure_name(w, f),
          crq_sweep_axis_at(s, 0)->path, crq_sweep_axis_at(s, 1)->path);
  crq_align al[CRQ_TABLE_MAX_COLS];
  for (size_t k = 0; k < CRQ_TABLE_MAX_COLS; k++)
    al[k] = CRQ_RIGHT;
  for (size_t j0 = 0; j0 < n1; j0 += 8) {
    size_t cols = n1 - j0 < 8 ? n1 - j0 : 8;
    crq_table table;
    crq_table_init(&table, cols + 1, al);
    crq_wi_cell cells[CRQ_TABLE_MAX_COLS];
    const char *row[CRQ_TABLE_MAX_COLS] = {""};
    for (size_t j = 0; j < cols; j++)
      row[j + 1] =
          crq_wi_value(w, cells[j + 1], crq_sweep_value(s, 1, j0 + j), 0);
    crq_table_add(&table, row);
    for (size_t i = 0; i < n0; i++) {
      row[0] = crq_wi_value(w, cells[0], crq_sweep_value(s, 0, i), 0);
      for (size_t j = 0; j < cols; j++)
        row[j + 1] = crq_wi_amount(w, cells[j + 1],
                                   crq_sweep_figure(s, i, j0 + j, f).value);
      crq_table_add(&table, row);
    }
    done(t, &table);
  }
}

static void sweep_text(text_out *t) {
  const crq_sweep *s = t->w->sweep;
  heading(t, crq_sweep_trials(s), crq_sweep_seed(s),
          crq_wi_basis(t->w, crq_sweep_baseline(s)), 1);
  for (size_t a = 0; a < crq_sweep_axis_count(s); a++)
    axis_line(t, a);
  if (crq_sweep_axis_count(s) == 1) {
    fputc('\n', t->w->out);
    sweep_1d(t);
    return;
  }
  for (int f = 0; f < 3; f++)
    sweep_grid(t, shown[f]);
}

static void sensitivity_text(text_out *t) {
  const crq_wi *w = t->w;
  const crq_sensitivity *s = w->sens;
  const crq_sensitivity_options *o = crq_sensitivity_options_of(s);
  const crq_figures *base = crq_sensitivity_base(s);
  heading(t, o->run.sim.trials, o->run.sim.seed,
          crq_wi_basis(w, o->run.baseline), 1);
  crq_wi_cell a, b;
  fprintf(w->out,
          crq_wi_tr(w,
                    "Base: EAL %s, VaR 99%% %s. Random inputs moved to their "
                    "%g%% and %g%% quantiles, constants and frequencies by "
                    "±%g%%, one at a time.\n",
                    "基準: EAL %s, VaR 99%% %s。確率分布の入力は %g%% と "
                    "%g%% 点へ, 定数と発生頻度は ±%g%%, 一つずつ動かす。\n"),
          crq_wi_amount(w, a, base->fig[CRQ_FIG_EAL].value),
          crq_wi_amount(w, b, base->fig[CRQ_FIG_VAR99].value), 100 * o->p_low,
          100 * o->p_high, 100 * o->swing);
  title(t, "Inputs ranked by the swing of the EAL",
        "EAL の振れ幅の大きい順の入力");
  crq_align al[10] = {CRQ_RIGHT, CRQ_LEFT};
  for (int k = 2; k < 10; k++)
    al[k] = CRQ_RIGHT;
  crq_table table;
  crq_table_init(&table, 10, al);
  const char *head[10];
  crq_wi_sensitivity_head(w, head);
  head[6] = crq_wi_tr(w, "EAL swing", "EAL 振れ幅");
  head[7] = crq_wi_tr(w, "VaR99 at low", "VaR99 (低)");
  head[8] = crq_wi_tr(w, "VaR99 at high", "VaR99 (高)");
  head[9] = crq_wi_tr(w, "VaR99 swing", "VaR99 振れ幅");
  crq_table_add(&table, head);
  for (size_t i = 0; i < crq_sensitivity_count(s); i++) {
    const crq_sensitivity_item *it = crq_sensitivity_at(s, i);
    char label[256];
    crq_wi_cell c[10];
    const char *row[10];
    crq_wi_sensitivity_cells(w, it, i + 1, c, label, sizeof label, row);
    row[6] = crq_wi_amount(w, c[6], it->swing[CRQ_FIG_EAL]);
    row[7] = crq_wi_amount(w, c[7], it->at_low.fig[CRQ_FIG_VAR99].value);
    row[8] = crq_wi_amount(w, c[8], it->at_high.fig[CRQ_FIG_VAR99].value);
    row[9] = crq_wi_amount(w, c[9], it->swing[CRQ_FIG_VAR99]);
    crq_table_add(&table, row);
  }
  done(t, &table);
}

static void optimize_measures(text_out *t) {
  const crq_wi *w = t->w;
  const crq_optimize *o = w->opt;
  const crq_model *m = w->model;
  title(t, "Measures", "対策");
  crq_align al[] = {CRQ_LEFT, CRQ_RIGHT, CRQ_RIGHT, CRQ_RIGHT, CRQ_LEFT};
  crq_table table;
  crq_table_init(&table, 5, al);
  const char *head[5] = {
      crq_wi_tr(w, "Measure", "対策"), crq_wi_tr(w, "One-off", "初期費用"),
      crq_wi_tr(w, "Annual", "年間費用"), crq_wi_tr(w, "Cost", "費用"),
      crq_wi_tr(w, "Funded", "採用")};
  crq_table_add(&table, head);
  for (size_t i = 0; i < m->n_measures; i++) {
    crq_wi_cell c[3];
    const char *row[5] = {
        m->measures[i].id, crq_wi_amount(w, c[0], m->measures[i].cost_once),
        crq_wi_amount(w, c[1], m->measures[i].cost_annual),
        crq_wi_amount(w, c[2], crq_optimize_cost(o, (uint32_t)1 << i)),
        (crq_optimize_best(o) >> i) & 1 ? crq_wi_tr(w, "yes", "○") : ""};
    crq_table_add(&table, row);
  }
  done(t, &table);
}

static void optimize_frontier(text_out *t) {
  const crq_wi *w = t->w;
  const crq_optimize *o = w->opt;
  crq_figure f = crq_optimize_options_of(o)->objective;
  title(t,
        "Efficient frontier (by cost: each set lowers the objective below "
        "every cheaper one)",
        "効率的フロンティア (費用順: "
        "それより安い全ての組合せより目的を下げる組合せ)");
  crq_align al[] = {CRQ_RIGHT, CRQ_RIGHT, CRQ_RIGHT, CRQ_LEFT};
  crq_table table;
  crq_table_init(&table, 4, al);
  const char *head[4] = {crq_wi_tr(w, "Cost", "費用"), crq_wi_figure_name(w, f),
                         crq_wi_tr(w, "Reduction", "削減額"),
                         crq_wi_tr(w, "Measures", "対策")};
  crq_table_add(&table, head);
  for (size_t k = 0; k < crq_optimize_frontier_count(o); k++) {
    uint32_t s = crq_optimize_frontier(o, k);
    crq_wi_cell c[3];
    char members[512];
    const char *row[4] = {crq_wi_amount(w, c[0], crq_optimize_cost(o, s)),
                          crq_wi_amount(w, c[1], crq_optimize_objective(o, s)),
                          crq_wi_amount(w, c[2],
                                        crq_optimize_objective(o, 0) -
                                            crq_optimize_objective(o, s)),
                          crq_wi_members(w, s, members, sizeof members)};
    crq_table_add(&table, row);
  }
  done(t, &table);
}

static void optimize_text(text_out *t) {
  const crq_wi *w = t->w;
  const crq_optimize *o = w->opt;
  const crq_optimize_options *op = crq_optimize_options_of(o);
  uint32_t best = crq_optimize_best(o);
  int simulated = op->objective != CRQ_FIG_MAX_LOSS;
  heading(t, op->sim.trials, op->sim.seed, crq_wi_subsets(w), simulated);
  crq_wi_cell budget, cost, before, after, cut;
  char members[512];
  fprintf(w->out,
          crq_wi_tr(w,
                    "Objective: %s; budget %s of %s; %zu measures, %zu "
                    "evaluations.\n",
                    "目的: %s; 予算 %s (%s); 対策 %zu 件, 評価 %zu 回。\n"),
          crq_wi_figure_name(w, op->objective),
          crq_wi_amount(w, budget, op->budget), crq_wi_cost_name(w, op->cost),
          w->model->n_measures, crq_optimize_evaluations(o));
  title(t, "Best within the budget", "予算内の最適な組合せ");
  fprintf(w->out,
          crq_wi_tr(w, "  %s\n  cost %s; %s %s → %s: reduction %s\n",
                    "  %s\n  費用 %s; %s %s → %s: 削減 %s\n"),
          crq_wi_members(w, best, members, sizeof members),
          crq_wi_amount(w, cost, crq_optimize_cost(o, best)),
          crq_wi_figure_name(w, op->objective),
          crq_wi_amount(w, before, crq_optimize_objective(o, 0)),
          crq_wi_amount(w, after, crq_optimize_objective(o, best)),
          with_se(w, cut, crq_optimize_reduction(o), 0));
  optimize_measures(t);
  optimize_frontier(t);
}

crq_status crq_wi_text(const crq_wi *w) {
  text_out t = {w, 0};
  switch (w->kind) {
  case CRQ_WI_COMPARE:
    compare_text(&t);
    break;
  case CRQ_WI_SWEEP:
    sweep_text(&t);
    break;
  case CRQ_WI_SENSITIVITY:
    sensitivity_text(&t);
    break;
  case CRQ_WI_OPTIMIZE:
    optimize_text(&t);
    break;
  }
  return t.failed ? CRQ_ERR_NOMEM : CRQ_OK;
}
