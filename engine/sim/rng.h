/* engine/sim/rng.h — crq's random numbers: counter-based Philox streams.
 *
 * Every trial of a simulation must see the same random numbers whatever the
 * thread, MPI rank or order it runs in, and what-if runs must reuse the very
 * same numbers per trial. A counter-based generator gives that for free: the
 * numbers of (seed, trial, stream) are Philox4x32-10 (Random123) applied to
 * the counter {trial mod 2^32, trial div 2^32, stream, block} under the key
 * {seed mod 2^32, seed div 2^32}, block = 0, 1, 2, ... There is no state to
 * carry from one trial to the next, so positioning costs nothing
 * (crq_rng_seek only stores the counter), and many blocks can be computed
 * at once in vector registers (crq_rng_blocks).
 *
 * Each Philox call yields four 32-bit numbers x0..x3, handed out as two
 * 64-bit words x0 + 2^32·x1 and x2 + 2^32·x3, one at a time (crq_rng_u64)
 * or as 53-bit doubles (crq_rng_uniform).
 *
 * GSL's samplers draw from a gsl_rng built on Random123's GSL adapter
 * (gsl_microrng.h) over the counter {trial mod 2^32, trial div 2^32 +
 * 2^31, stream, n}: the set top bit keeps those numbers apart from the
 * words' (trials are below 2^63). The adapter is re-positioned lazily,
 * only when crq_rng_gsl is called after a seek.
 *
 * One crq_rng per thread; it is not safe to share between threads.
 */
#ifndef CRQ_RNG_H
#define CRQ_RNG_H

#include <stddef.h>
#include <stdint.h>

#include <Random123/philox.h>
#include <gsl/gsl_rng.h>

/* The top bit of the counter's second number: set for the GSL adapter's
 * numbers, clear for the words. */
#define CRQ_RNG_GSL_BIT UINT32_C(0x80000000)

/* A generator positioned on one (trial, stream). The struct is flat and may
 * live on the stack; only the GSL adapter is allocated (by crq_rng_init). */
typedef struct crq_rng {
  uint64_t seed;
  uint64_t trial;
  uint32_t stream;
  uint32_t block;    /* the next block to compute (a stream has 2^32) */
  uint64_t buf[2];   /* the current block's words; buf[next..1] are unused */
  unsigned next;     /* index of the next unused word of buf (2 = empty) */
  int ahead_known;   /* the next block's words are in ahead (seek_known) */
  uint64_t ahead[2]; /* then: what the next refill hands out */
  int gsl_stale;     /* the adapter is not yet at the current (trial, stream) */
  gsl_rng *gsl;      /* Random123 GSL adapter, owned */
} crq_rng;

/* Sets up a generator for `seed`, positioned at (trial 0, stream 0).
 * Returns 0, or -1 when out of memory. */
int crq_rng_init(crq_rng *r, uint64_t seed);
void crq_rng_free(crq_rng *r);

/* Positions r at the start of the independent stream (trial, stream): the
 * same (seed, trial, stream) always yields the same numbers. */
void crq_rng_seek(crq_rng *r, uint64_t trial, uint32_t stream);

/* crq_rng_seek, when the caller already has the stream's blocks 0 and 1
 * (their words w[0], w[1] and w[2], w[3], from crq_rng_blocks): r hands
 * them out first instead of computing them again. */
void crq_rng_seek_known(crq_rng *r, uint64_t trial, uint32_t stream,
                        const uint64_t w[4]);

/* The two words of block `block` of stream (trial, stream) under seed:
 * what a crq_rng seeked there hands out as its words 2·block and
 * 2·block + 1. */
static inline void crq_rng_block(uint64_t seed, uint64_t trial, uint32_t stream,
                                 uint32_t block, uint64_t out[2]) {
  philox4x32_ctr_t c = {
      {(uint32_t)trial, (uint32_t)(trial >> 32), stream, block}};
  philox4x32_key_t k = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
  philox4x32_ctr_t x = philox4x32(c, k);
  out[0] = x.v[0] | (uint64_t)x.v[1] << 32;
  out[1] = x.v[2] | (uint64_t)x.v[3] << 32;
}

/* Block `block` of the streams (trial[i], stream[i]) for i < n, its two
 * words into w0[i] and w1[i]: crq_rng_block n times, in vector registers
 * where the CPU has AVX-512 (rng_vec.c), with the same bits. */
void crq_rng_blocks(uint64_t seed, const uint64_t *trial,
                    const uint32_t *stream, uint32_t block, uint64_t *w0,
                    uint64_t *w1, size_t n);

/* Computes the next Philox block into buf (internal to the inline
 * functions below). */
void crq_rng_refill(crq_rng *r);

/* The next 64 uniformly distributed bits. */
static inline uint64_t crq_rng_u64(crq_rng *r) {
  if (r->next == 2)
    crq_rng_refill(r);
  return r->buf[r->next++];
}

/* Uniform on [0,1) from word w: its top 53 bits k, as k / 2^53. */
static inline double crq_rng_to_uniform(uint64_t w) {
  return (double)(w >> 11) * 0x1p-53;
}

/* Uniform on [0,1) from the next word. */
static inline double crq_rng_uniform(crq_rng *r) {
  return crq_rng_to_uniform(crq_rng_u64(r));
}

/* Uniform on (0,1): (k + 1/2) / 2^52 for the top 52 bits k, symmetric about
 * 1/2 and never 0 or 1 (safe for log and quantile functions). */
static inline double crq_rng_uniform_pos(crq_rng *r) {
  return ((double)(crq_rng_u64(r) >> 12) + 0.5) * 0x1p-52;
}

/* A gsl_rng drawing from the current (trial, stream), for gsl_ran_*. It has
 * 32-bit resolution and may be called up to 4·2^32 times per seek. Valid
 * until crq_rng_free; its numbers depend only on (seed, trial, stream) and on
 * how many were drawn from it since the seek. */
gsl_rng *crq_rng_gsl(crq_rng *r);

#endif
