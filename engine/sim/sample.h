/* engine/sim/sample.h — drawing variates of a crq_dist in the trial loop.
 *
 * A crq_dist stores a distribution the way the model states it; a
 * crq_sampler holds what drawing needs, worked out once before the loop:
 * the method (e.g. Poisson by inversion when the mean is small, else GSL),
 * constants such as exp(-mean) or the PERT beta shapes, and for DISCRETE a
 * Walker alias table. Draws are exact in distribution (to double precision):
 * inversion, ziggurat or rejection, never approximations.
 *
 * Draws take their numbers from a crq_rng, so a trial's variates depend only
 * on (seed, trial, stream) and the order of the draws.
 */
#ifndef CRQ_SAMPLE_H
#define CRQ_SAMPLE_H

#include <stddef.h>
#include <stdint.h>

#include "dist.h"
#include "sim/rng.h"

/* How a sampler draws (chosen by crq_sampler_init from the kind and its
 * parameters). */
typedef enum crq_sample_method {
  CRQ_SAMPLE_CONSTANT = 0, /* c[0]; no randomness */
  CRQ_SAMPLE_UNIFORM,      /* c[0] + c[1]·U */
  CRQ_SAMPLE_TRIANGULAR,   /* inversion: min c[0], range c[1], split c[2] */
  CRQ_SAMPLE_BETA,         /* c[0] + c[1]·Beta(c[2], c[3]) (also PERT) */
  CRQ_SAMPLE_NORMAL,       /* c[0] + c[1]·Z, Z by ziggurat */
  CRQ_SAMPLE_NORMAL_TRUNC, /* normal on [lo, hi]: rejection or inversion */
  CRQ_SAMPLE_LOGNORMAL,    /* exp(c[0] + c[1]·Z) */
  CRQ_SAMPLE_GAMMA,        /* Marsaglia–Tsang: shape c[0], scale c[1] */
  CRQ_SAMPLE_POISSON_INV,  /* inversion from 0, c[0] = exp(-mean) */
  CRQ_SAMPLE_POISSON_GSL,  /* gsl_ran_poisson, mean c[0] */
  CRQ_SAMPLE_NEGBIN,       /* Poisson(Gamma(size, mean/size)) */
  CRQ_SAMPLE_BERNOULLI,    /* U < c[0] */
  CRQ_SAMPLE_DISCRETE      /* Walker alias table over `values` */
} crq_sample_method;

/* A ready-to-draw distribution. Flat: the constants inline, and for
 * DISCRETE three owned arrays of n entries. */
typedef struct crq_sampler {
  crq_sample_method method;
  double c[6];     /* per-method constants, see crq_sample_method */
  size_t n;        /* DISCRETE: number of points */
  double *values;  /* DISCRETE: the points */
  double *accept;  /* DISCRETE: P(keep column i) in the alias table */
  uint32_t *alias; /* DISCRETE: the other point of column i */
} crq_sampler;

/* Prepares a sampler for d (which the caller may free afterwards).
 * Returns 0, or -1 when out of memory. */
int crq_sampler_init(crq_sampler *s, const crq_dist *d);
void crq_sampler_free(crq_sampler *s);

/* One variate. */
double crq_sampler_draw(const crq_sampler *s, crq_rng *r);

/* Non-zero when draws consume no randomness (the value is constant). */
int crq_sampler_is_constant(const crq_sampler *s);

/* A standard normal variate by 256-layer ziggurat: one 64-bit word per draw
 * in about 99% of draws. */
double crq_sample_std_normal(crq_rng *r);

#endif
