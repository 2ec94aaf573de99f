/* engine/sim/rng.c — Philox4x64-10 streams and their GSL adapter.
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
GSL_MICRORNG(crq_philox, philox4x64);
#undef gsl_rng_crq_philox

int crq_rng_init(crq_rng *r, uint64_t seed) {
  *r = (crq_rng){.key = {seed, CRQ_RNG_TAG}};
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

void crq_rng_seek(crq_rng *r, uint64_t trial, uint64_t stream) {
  r->ctr[0] = trial;
  r->ctr[1] = stream;
  r->ctr[2] = 0;
  r->ctr[3] = 0;
  r->next = 4;
  r->gsl_stale = 1;
}

void crq_rng_refill(crq_rng *r) {
  crq_rng_block(r->key[0], r->ctr[0], r->ctr[1], r->ctr[2], r->buf);
  r->ctr[2]++;
  r->next = 0;
}

gsl_rng *crq_rng_gsl(crq_rng *r) {
  if (r->gsl_stale) {
    philox4x64_ctr_t c = {{r->ctr[0], r->ctr[1], 0, 1}};
    philox4x64_key_t k = {{r->key[0], r->key[1]}};
    crq_philox_reset(r->gsl, c, k);
    r->gsl_stale = 0;
  }
  return r->gsl;
}
