/* engine/model/model_def.h — the validated, immutable in-memory model.
 *
 * This is the contract between the loader (engine/model/), which builds it
 * from YAML and guarantees every invariant listed here, and the compiler
 * (engine/compile/), which turns it into flat arrays for the simulation.
 * Nothing after the loader re-validates: if a field is here, it is valid.
 *
 * Every element keeps the mark (line, column) of its YAML node so later
 * stages can still point at the file for semantic errors.
 */
#ifndef CRQ_MODEL_DEF_H
#define CRQ_MODEL_DEF_H

#include <stdint.h>

#include "crq/model.h"
#include "dist.h"
#include "loss_model.h"

typedef struct crq_mark {
  int line, column; /* 1-based; 0 when the element was defaulted */
} crq_mark;

/* One loss model triggered by a scenario, with a distribution per input
 * (in the order of the model's input specs; omitted inputs hold their
 * default as a constant). */
typedef struct crq_trigger {
  unsigned model; /* index into crq_loss_models[] */
  crq_dist inputs[CRQ_MODEL_MAX_INPUTS];
  crq_mark mark;
} crq_trigger;

/* A threat scenario. frequency is the annual number of events: POISSON
 * (p0 = rate), NEGBIN, BERNOULLI (at most one event a year) or DISCRETE
 * over non-negative whole numbers. */
typedef struct crq_scenario {
  char *id;   /* [A-Za-z0-9_.-]+, unique within the model */
  char *name; /* UTF-8 display name; defaults to id */
  crq_dist frequency;
  size_t n_triggers; /* at least one; each model at most once */
  crq_trigger *triggers;
  crq_mark mark;
} crq_scenario;

/* A risk-appetite threshold: the board tolerates a loss above `limit` at
 * most once in `return_period` years, on the AEP (annual total) or OEP
 * (largest single event) basis. */
typedef struct crq_appetite {
  char *name;
  double return_period; /* years, > 1 */
  double limit;         /* amount, > 0 */
  int oep;              /* 0 = AEP, 1 = OEP */
  crq_mark mark;
} crq_appetite;

typedef struct crq_kpi_actual {
  char date[11]; /* YYYY-MM-DD */
  double value;
} crq_kpi_actual;

/* A KPI the CISO commits to. Achievement is the progress from baseline to
 * plan, (actual − baseline) ÷ (plan − baseline) clipped to [0,1], in either
 * direction (engine/compile/achievement.c; JCIC's actual ÷ plan when the
 * baseline is 0). */
typedef struct crq_kpi {
  char *id;
  char *catalogue_id; /* e.g. "1.2.2", or NULL for a company-specific KPI */
  char *name;
  char *unit; /* "%", "count", "hours", ... */
  char *owner;
  int lower_is_better;
  double plan;      /* target value at the due date */
  double baseline;  /* value at the start date (default 0) */
  double actual;    /* latest actual; NAN when not yet measured */
  char start[11];   /* YYYY-MM-DD or "" */
  char due[11];     /* YYYY-MM-DD or "" */
  size_t n_actuals; /* dated actuals, ascending by date */
  crq_kpi_actual *actuals;
  crq_mark mark;
} crq_kpi;

typedef enum crq_effect_op {
  CRQ_EFFECT_SCALE = 0, /* multiply the input by value at full achievement */
  CRQ_EFFECT_SET        /* move the input to value at full achievement */
} crq_effect_op;

typedef enum crq_curve {
  CRQ_CURVE_LINEAR = 0, /* effect fraction = achievement */
  CRQ_CURVE_STEP,       /* 0 below `threshold`, 1 from it */
  CRQ_CURVE_TABLE       /* piecewise linear through (achievement, fraction) */
} crq_curve;

/* What a measure does to one input of one scenario (or of every scenario
 * that has the target). At effect fraction f in [0,1] an input value x
 * becomes x·(1 + f·(value − 1)) for SCALE and x + f·(value − x) for SET.
 * Target "frequency" (model == CRQ_TARGET_FREQUENCY) acts on the rate (mean
 * number of events) and may only lower it. */
#define CRQ_TARGET_FREQUENCY UINT32_MAX
#define CRQ_TARGET_ALL_SCENARIOS SIZE_MAX
typedef struct crq_effect {
  size_t scenario; /* index, or CRQ_TARGET_ALL_SCENARIOS */
  unsigned model;  /* index into crq_loss_models[], or CRQ_TARGET_FREQUENCY */
  unsigned input;  /* index into that model's inputs */
  crq_effect_op op;
  double value;
  crq_curve curve;
  double threshold; /* STEP */
  size_t n_points;  /* TABLE: ascending achievements in [0,1] */
  double *points_x; /* achievement */
  double *points_y; /* effect fraction */
  crq_mark mark;
} crq_effect;

/* A measure (control): what it costs, which KPIs track its progress and
 * what it changes. Its achievement is the mean of its KPIs' achievements
 * (1 when it names none). */
typedef struct crq_measure {
  char *id;
  char *name;
  double cost_once;   /* one-off cost */
  double cost_annual; /* running cost per year */
  size_t n_kpis;
  size_t *kpis; /* indices into model->kpis */
  size_t n_effects;
  crq_effect *effects;
  crq_mark mark;
} crq_measure;

typedef struct crq_fx {
  char code[4]; /* ISO 4217, e.g. "EUR" */
  double rate;  /* units of the model currency per one unit of code */
} crq_fx;

typedef struct crq_settings {
  uint64_t trials;            /* default 100000 */
  uint64_t seed;              /* default 1 */
  int threads;                /* 0 = all cores */
  double worst_case_quantile; /* default 0.99, for unbounded inputs */
} crq_settings;

struct crq_model {
  char *file;  /* path it was loaded from, for diagnostics */
  int version; /* crq_model: 1 */
  char *name;
  char currency[4]; /* "JPY" */
  crq_org org;
  size_t n_fx;
  crq_fx *fx;
  size_t n_appetite;
  crq_appetite *appetite;
  size_t n_scenarios;
  crq_scenario *scenarios;
  size_t n_kpis;
  crq_kpi *kpis;
  size_t n_measures;
  crq_measure *measures;
  crq_settings settings;
};

#endif
