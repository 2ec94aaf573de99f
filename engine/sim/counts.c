/* engine/sim/counts.c — many years' event counts at once (counts.h). */
#include "sim/counts.h"

#include <stdlib.h>
#include <string.h>

#include "sim/rng.h"
#include "sim/sample.h"
#include "sim/trial.h"

int crq_counts_usable(const crq_plan *p) {
  return p->has_poisson && p->n_counted == 0 &&
         p->poisson.method == CRQ_SAMPLE_POISSON_TABLE;
}

void crq_counts_free(crq_counts *c) {
  free(c->trial);
  free(c->stream);
  free(c->w0);
  free(c->w1);
  free(c->count);
  memset(c, 0, sizeof *c);
}

int crq_counts_init(crq_counts *c, const crq_plan *p, uint64_t seed) {
  size_t n = CRQ_COUNTS_MAX;
  *c = (crq_counts){.poisson = &p->poisson, .seed = seed};
  c->trial = malloc(n * sizeof *c->trial);
  c->stream = malloc(n * sizeof *c->stream);
  c->w0 = malloc(n * sizeof *c->w0);
  c->w1 = malloc(n * sizeof *c->w1);
  c->count = malloc(n * sizeof *c->count);
  if (!c->trial || !c->stream || !c->w0 || !c->w1 || !c->count) {
    crq_counts_free(c);
    return -1;
  }
  for (size_t i = 0; i < n; i++)
    c->stream[i] = CRQ_STREAM_COUNTS;
  return 0;
}

void crq_counts_draw(crq_counts *c, uint64_t t0, size_t n) {
  for (size_t i = 0; i < n; i++)
    c->trial[i] = t0 + i;
  crq_rng_blocks(c->seed, c->trial, c->stream, 0, c->w0, c->w1, n);
  crq_poisson_words(c->poisson, c->w0, c->count, n);
  for (size_t i = 0; i < n; i++)
    if (c->count[i] == UINT64_MAX) /* a step of the search: about 2% */
      c->count[i] = (uint64_t)crq_poisson_table_word(c->poisson, c->w0[i]);
}
