/* engine/sim/counts.h — the event counts of many years at once.
 *
 * When a plan's only count is the superposed Poisson count drawn from its
 * table (no scenario with another frequency), a year's count is a function
 * of the first word of its count stream alone (trial.h). Those words can be
 * computed for a thousand years at a time in vector registers
 * (crq_rng_blocks), which is what both the batched loop (batch.c) and the
 * loop over sparse years (run.c: years without an event are known to be
 * zero without simulating them, most years of a model of rare incidents)
 * need first. The counts are crq_trial_run's to the bit: the same word,
 * the same table search (crq_poisson_table_word).
 */
#ifndef CRQ_COUNTS_H
#define CRQ_COUNTS_H

#include <stddef.h>
#include <stdint.h>

#include "compile/plan.h"

#define CRQ_COUNTS_MAX 1024 /* years per call */

typedef struct crq_counts {
  const crq_sampler *poisson;
  uint64_t seed;
  uint64_t *trial; /* the count blocks' counters */
  uint32_t *stream;
  uint64_t *w0, *w1; /* their words */
  uint64_t *count;   /* the counts of the last crq_counts_draw */
} crq_counts;

/* Whether plan's counts are one Poisson table draw a year. */
int crq_counts_usable(const crq_plan *plan);

/* Workspace for a usable plan; 0, or -1 when out of memory. */
int crq_counts_init(crq_counts *c, const crq_plan *plan, uint64_t seed);
void crq_counts_free(crq_counts *c);

/* The counts of trials t0 .. t0 + n − 1 (n ≤ CRQ_COUNTS_MAX) into
 * c->count[0 .. n). */
void crq_counts_draw(crq_counts *c, uint64_t t0, size_t n);

#endif
