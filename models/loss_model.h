/* models/loss_model.h — the one small interface every loss model implements.
 *
 * A loss model turns the inputs of one event (records exposed, downtime days,
 * ...) into the money lost in one category. It knows nothing of YAML, random
 * numbers or statistics: the loader reads and checks its inputs from the
 * specs below, the engine draws each input from its distribution, applies the
 * measures' effects, and calls loss(). Adding a model means one new file here
 * and one line in models/registry.c; the engine loop does not change.
 *
 * Every loss function must be non-decreasing in each input and in (1 - u), so
 * that the deterministic worst case is loss(inputs at their worst, u = 0).
 */
#ifndef CRQ_LOSS_MODEL_H
#define CRQ_LOSS_MODEL_H

#include "crq/model.h"

#define CRQ_MODEL_MAX_INPUTS 8

/* Flags of an input. */
enum {
  CRQ_INPUT_AMOUNT = 1u << 0 /* a money amount: accepts "141億", "1.2B", FX */
};

typedef struct crq_input_spec {
  const char *key; /* YAML key inside the model's block */
  const char *doc; /* one line for `crq show` comments and docs */
  double def;      /* default when omitted; NAN means the key is required */
  double min, max; /* every value the input can take must lie in [min,max] */
  unsigned flags;
} crq_input_spec;

/* The organisation profile, amounts in the model's currency. */
typedef struct crq_org {
  double revenue;       /* annual revenue */
  double business_days; /* business days per year (default 250) */
  double net_income;    /* prior-year net income */
  double market_cap;    /* market capitalisation */
  double records_held;  /* personal-data records held */
} crq_org;

typedef struct crq_loss_model {
  const char *key;     /* YAML key and report key: "data_theft" */
  const char *name_en; /* "Data theft" */
  const char *name_ja; /* "情報盗難による金銭的被害" */
  crq_category category;
  unsigned n_inputs;
  const crq_input_spec *inputs;
  /* Non-zero when loss() consumes one uniform draw u in [0,1) per event
   * (e.g. whether a regulator enforces); otherwise u is 0. */
  int uses_uniform;
  /* Loss of one event given its inputs (in spec order). */
  double (*loss)(const double *in, const crq_org *org, double u);
  /* Checks what no single input's range can: inputs that contradict each
   * other or the organisation. The loader calls it once a block's inputs
   * are read, with lo[i] and hi[i] the smallest and largest values input i
   * can take. Returns -1 when they agree; otherwise writes "what is wrong;
   * what was expected" to msg and returns the index of the input to blame,
   * or CRQ_CHECK_ORG when the organisation is missing a figure. NULL when
   * the model has nothing to check. */
  int (*check)(const double *lo, const double *hi, const crq_org *org,
               char *msg, size_t size);
} crq_loss_model;

/* What a check blames when the organisation lacks a figure the model
 * needs (the loader then points at the model's block). */
#define CRQ_CHECK_ORG CRQ_MODEL_MAX_INPUTS

/* The registry: every model, in a fixed order (indices are stable within a
 * build and used in compiled plans). */
extern const crq_loss_model *const crq_loss_models[];
extern const unsigned crq_loss_model_count;

/* JNSA JO model: value of one leaked record (models/data_theft.c). */
double crq_jo_value_per_record(double x, double y, double identifiability,
                               double social, double response);

/* The model with this key, or NULL. */
const crq_loss_model *crq_loss_model_find(const char *key, unsigned *index);

#endif
