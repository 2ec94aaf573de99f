/* engine/sim/band.c — tallies of a run's years by band cells (band.h).
 *
 * A year's cell is the number of edges below its key plus the number at
 * or below it. Comparing each year with every edge cost more than the
 * rest of the run's statistics, so a table indexed by the key's top bits
 * gives the cell at once, but for the few years whose top bits an edge
 * shares.
 */
#include "sim/band.h"

#include <stdlib.h>
#include <string.h>

#include "stats/select.h"

void crq_band_tally_init(crq_band_tally *t) {
  memset(t, 0, sizeof *t);
}

void crq_band_tally_free(crq_band_tally *t) {
  free(t->kept);
  crq_band_tally_init(t);
}

/* Room for n more copies (doubling); 0, or -1 with the tally marked. */
static int reserve(crq_band_tally *t, size_t n) {
  if (t->cap - t->n_kept >= n)
    return 0;
  size_t cap = t->cap ? t->cap : 4096;
  while (cap - t->n_kept < n)
    cap *= 2;
  double *kept = realloc(t->kept, cap * sizeof *kept);
  if (kept == NULL) {
    t->nomem = 1;
    return -1;
  }
  t->kept = kept;
  t->cap = cap;
  return 0;
}

int crq_band_index(crq_band_set *s) {
  const int shift = 64 - CRQ_BAND_PREFIX_BITS;
  const size_t size = (size_t)1 << CRQ_BAND_PREFIX_BITS;
  s->index = malloc(size);
  if (s->index == NULL)
    return -1;
  size_t from = 0;
  for (int e = 0; e < s->n; e++) { /* the prefixes below edge e, then it */
    size_t at = (size_t)(s->edge[e] >> shift);
    if (at > from)
      memset(s->index + from, 2 * e, at - from);
    s->index[at] = CRQ_BAND_NEAR;
    from = at + 1 > from ? at + 1 : from; /* edges may share a prefix */
  }
  memset(s->index + from, 2 * s->n, size - from);
  return 0;
}

void crq_band_index_free(crq_band_set *s) {
  free(s->index);
  s->index = NULL;
}

/* The cell of key: [key > e] + [key ≥ e] over the edges, which an unused
 * edge (UINT64_MAX) adds nothing to. */
static unsigned cell_of(const crq_band_set *s, uint64_t key) {
  unsigned c = 0;
  for (int e = 0; e < s->n; e++)
    c += (key > s->edge[e]) + (key >= s->edge[e]);
  return c;
}

/* Counts x[0..n) into their cells and copies the kept ones to kept[0..):
 * kept[k] is written for every year and k advanced for a kept one, so
 * kept needs room for n. Returns how many were kept. Four years a step,
 * each to its own row of counts, so that years in one cell do not wait on
 * one counter (and a set without an index, one year at a time). */
static size_t tally(uint64_t count[4][CRQ_BAND_CELLS], const crq_band_set *s,
                    const double *x, size_t n, double *kept) {
  const int shift = 64 - CRQ_BAND_PREFIX_BITS;
  const uint8_t *index = s->index;
  const uint64_t keep = s->keep;
  size_t k = 0, i = 0;
  for (; index && i + 4 <= n; i += 4)
    for (int j = 0; j < 4; j++) {
      uint64_t key = crq_key_of(x[i + j]);
      unsigned c = index[key >> shift];
      c = c == CRQ_BAND_NEAR ? cell_of(s, key) : c;
      count[j][c]++;
      kept[k] = x[i + j];
      k += (keep >> c) & 1u;
    }
  for (; i < n; i++) {
    uint64_t key = crq_key_of(x[i]);
    unsigned c = index ? index[key >> shift] : CRQ_BAND_NEAR;
    c = c == CRQ_BAND_NEAR ? cell_of(s, key) : c;
    count[i & 3][c]++;
    kept[k] = x[i];
    k += (keep >> c) & 1u;
  }
  return k;
}

void crq_band_add(crq_band_tally *t, const crq_band_set *s, const double *x,
                  size_t n) {
  if (t->nomem || reserve(t, n) != 0)
    return;
  t->n_kept += tally(t->count, s, x, n, t->kept + t->n_kept);
}

void crq_band_add_same(crq_band_tally *t, const crq_band_set *s, double x,
                       size_t n) {
  unsigned c = cell_of(s, crq_key_of(x));
  t->count[0][c] += n;
  if (!((s->keep >> c) & 1u) || t->nomem || reserve(t, n) != 0)
    return;
  for (size_t i = 0; i < n; i++)
    t->kept[t->n_kept++] = x;
}

int crq_band_merge(crq_band_tally *t, const crq_band_tally *from) {
  for (int lane = 0; lane < 4; lane++)
    for (int c = 0; c < CRQ_BAND_CELLS; c++)
      t->count[lane][c] += from->count[lane][c];
  t->nomem |= from->nomem;
  if (t->nomem || reserve(t, from->n_kept) != 0)
    return -1;
  if (from->n_kept > 0)
    memcpy(t->kept + t->n_kept, from->kept, from->n_kept * sizeof *t->kept);
  t->n_kept += from->n_kept;
  return 0;
}

void crq_band_cells(const crq_band_tally *t, uint64_t cells[CRQ_BAND_CELLS]) {
  for (int c = 0; c < CRQ_BAND_CELLS; c++)
    cells[c] =
        t->count[0][c] + t->count[1][c] + t->count[2][c] + t->count[3][c];
}
