/* engine/sim/rng.c — Philox4x32-10 streams and their GSL adapter.
 *
 * See rng.h for the counter layout. This file is the only one that
 * instantiates Random123's GSL adapter: GSL_MICRORNG defines a file-scope
 * `gsl_rng_<NAME>` pointer, which the #define below turns into an immutable
 * `const gsl_rng_type *const` (the macro pastes the name, and the pasted token
 * is expanded again), so the library keeps no mutable globals.
 */
#include "sim/rng.h"

#include <Random123/philox.h>

#include <gsl/gsl_rng.h>

#define gsl_rng_crq_philox const crq_philox_gsl_type
extern const gsl_rng_type *const crq_philox_gsl_type;
#include <Random123/gsl_microrng.h>
GSL_MICRORNG(crq_philox, philox4x32);
#undef gsl_rng_crq_philox

int crq_rng_init(crq_rng *r, uint64_t seed) {
  *r = (crq_rng){.seed = seed};
  r->gsl = gsl_rng_alloc(crq_philox_gsl_type);
  if (r->gsl == NULL)
    return -1;
  crq_rng_seek(r, 0, 0);
  return 0;
}

void crq_rng_free(crq_rng *r) {
  gsl_rng_free(r->gsl);
  r->gsl = NULL;
}

void crq_rng_seek(crq_rng *r, uint64_t trial, uint32_t stream) {
  r->trial = trial;
  r->stream = stream;
  r->block = 0;
  r->next = 2;
  r->ahead_known = 0;
  r->gsl_stale = 1;
}

void crq_rng_seek_known(crq_rng *r, uint64_t trial, uint32_t stream,
                        const uint64_t w[4]) {
  crq_rng_seek(r, trial, stream);
  r->buf[0] = w[0];
  r->buf[1] = w[1];
  r->ahead[0] = w[2];
  r->ahead[1] = w[3];
  r->ahead_known = 1;
  r->block = 1;
  r->next = 0;
}

void crq_rng_refill(crq_rng *r) {
  if (r->ahead_known) {
    r->buf[0] = r->ahead[0];
    r->buf[1] = r->ahead[1];
    r->ahead_known = 0;
  } else {
    crq_rng_block(r->seed, r->trial, r->stream, r->block, r->buf);
  }
  r->block++;
  r->next = 0;
}

gsl_rng *crq_rng_gsl(crq_rng *r) {
  if (r->gsl_stale) {
    philox4x32_ctr_t c = {{(uint32_t)r->trial,
                           (uint32_t)(r->trial >> 32) | CRQ_RNG_GSL_BIT,
                           r->stream, 0}};
    philox4x32_key_t k = {{(uint32_t)r->seed, (uint32_t)(r->seed >> 32)}};
    crq_philox_reset(r->gsl, c, k);
    r->gsl_stale = 0;
  }
  return r->gsl;
}
