/* engine/stats/named.c — bands from a pilot, and the named ranks from a
 * run's band tallies (see named.h and sim/band.h).
 *
 * Bounds. Rank r of n years is the loss at share q = r/n. Among a pilot's
 * n0 years (a sample of the same distribution: the run's first years),
 * the number below that loss is Binomial(n0, q), of standard deviation
 * √(n0·q(1−q)); pilot values 5 of those (and two places) either side of
 * q·n0 bound the rank unless the pilot is off by more than 5 standard
 * deviations, about once in 3·10⁶ per bound. The largest (r = n) is
 * bounded below by the pilot's third largest, which the run, holding
 * the pilot's years, always exceeds. Bands that overlap merge, and while
 * there are more than the edges allow, the two nearest in the pilot do.
 */
#include "stats/named.h"

#include <math.h>
#include <stdlib.h>

#include "stats/result_impl.h"
#include "stats/select.h"

enum { BANDS_MAX = CRQ_BAND_EDGES / 2 };
static const double SPREAD = 5.0; /* standard deviations either side */
static const long SLACK = 2;      /* places either side */

int crq_named_ranks(uint64_t n, const double *p, size_t m, uint64_t *ranks) {
  int k = 0;
  for (size_t i = 0; i < m; i++, k += 3)
    crq_quantile_ranks(n, p[i], ranks + k);
  ranks[k++] = n;
  uint64_t tmp[CRQ_NAMED_MAX];
  crq_sort_keys(ranks, tmp, (size_t)k); /* then the distinct ones */
  int d = 0;
  for (int i = 0; i < k; i++)
    if (d == 0 || ranks[i] != ranks[d - 1])
      ranks[d++] = ranks[i];
  return d;
}

/* Pilot places [lo, hi]: lo < 0 is unbounded below, hi ≥ n0 above. */
typedef struct span {
  long lo, hi;
} span;

/* The spans around ranks[0..m), merged, at most BANDS_MAX. */
static int spans_of(size_t n0, uint64_t n, const uint64_t *ranks, int m,
                    span *sp) {
  int ns = 0;
  for (int i = 0; i < m; i++) {
    double q = (double)ranks[i] / (double)n, centre = q * (double)n0;
    double half = SPREAD * sqrt((double)n0 * q * (1.0 - q));
    span s = {(long)floor(centre - half) - 1 - SLACK,
              (long)ceil(centre + half) + SLACK};
    if (ns > 0 && s.lo <= sp[ns - 1].hi + 1)
      sp[ns - 1].hi = s.hi > sp[ns - 1].hi ? s.hi : sp[ns - 1].hi;
    else
      sp[ns++] = s;
  }
  while (ns > BANDS_MAX) { /* merge the nearest two */
    int j = 0;
    for (int i = 1; i + 1 < ns; i++)
      if (sp[i + 1].lo - sp[i].hi < sp[j + 1].lo - sp[j].hi)
        j = i;
    sp[j].hi = sp[j + 1].hi;
    for (int i = j + 1; i + 1 < ns; i++)
      sp[i] = sp[i + 1];
    ns--;
  }
  return ns;
}

/* A band of keys [lo, hi]: has_lo 0 is unbounded below, has_hi 0 above. */
typedef struct band {
  int has_lo, has_hi;
  uint64_t lo, hi;
} band;

/* The set of the bands b[0..nb) (ascending, disjoint): an edge at each
 * bound, and the cell strictly between a band's bounds kept (none for a
 * band of one value, whose years all sit in its edge's cell). */
static void set_of(const band *b, int nb, crq_band_set *set) {
  set->n = 0;
  set->keep = 0;
  set->index = NULL; /* the run builds its own */
  for (int e = 0; e < CRQ_BAND_EDGES; e++)
    set->edge[e] = UINT64_MAX;
  for (int j = 0; j < nb; j++) {
    int first = set->n,
        point = b[j].has_lo && b[j].has_hi && b[j].lo == b[j].hi;
    if (b[j].has_lo)
      set->edge[set->n++] = b[j].lo;
    if (b[j].has_hi && !point)
      set->edge[set->n++] = b[j].hi;
    if (!point) /* above the lower edge, or from cell 0 */
      set->keep |= UINT64_C(1) << (b[j].has_lo ? 2 * (first + 1) : 0);
  }
}

/* out[i] = the ranks[i]-th smallest of x[0..n) (ascending ranks): by
 * selection, or by sorting when its bounds miss. 0, or -1 when out of
 * memory. */
static int select_all(const double *x, size_t n, const uint64_t *ranks, int m,
                      double *out, int threads) {
  int failed = 0;
  for (int i = 0; i < m; i += CRQ_SELECT_MAX) {
    int k = m - i < CRQ_SELECT_MAX ? m - i : CRQ_SELECT_MAX;
    failed |= crq_select(x, n, ranks + i, k, out + i, threads, NULL) != 0;
  }
  return failed ? crq_select_by_sort(x, n, ranks, m, out, NULL) : 0;
}

int crq_named_bands(const double *pilot, size_t n0, uint64_t n,
                    const uint64_t *ranks, int m, crq_band_set *set) {
  span sp[CRQ_NAMED_MAX];
  band b[BANDS_MAX];
  int ns = spans_of(n0, n, ranks, m, sp), nb = 0, np = 0;
  uint64_t at[2 * BANDS_MAX] = {0}; /* the pilot's ranks that bound the spans */
  double value[2 * BANDS_MAX];
  for (int j = 0; j < ns; j++) {
    if (sp[j].lo >= 0)
      at[np++] = (uint64_t)sp[j].lo + 1;
    if (sp[j].hi < (long)n0)
      at[np++] = (uint64_t)sp[j].hi + 1;
  }
  if (select_all(pilot, n0, at, np, value, 1) != 0)
    return -1;
  np = 0;
  for (int j = 0; j < ns; j++) {
    band k = {sp[j].lo >= 0, sp[j].hi < (long)n0, 0, 0};
    k.lo = k.has_lo ? crq_key_of(value[np++]) : 0;
    k.hi = k.has_hi ? crq_key_of(value[np++]) : 0;
    if (nb > 0 && k.has_lo && k.lo <= b[nb - 1].hi) { /* ties: one band */
      b[nb - 1].has_hi = k.has_hi;
      b[nb - 1].hi = k.hi;
    } else {
      b[nb++] = k;
    }
  }
  set_of(b, nb, set);
  return 0;
}

/* The cell of rank r by the years of each cell, and the years in the
 * cells before it (*before). */
static int cell_of_rank(const uint64_t cells[CRQ_BAND_CELLS], uint64_t r,
                        uint64_t *before) {
  uint64_t below = 0;
  int c = 0;
  while (c + 1 < CRQ_BAND_CELLS && below + cells[c] < r)
    below += cells[c++];
  *before = below;
  return c;
}

static int kept(const crq_band_set *set, int c) {
  return (set->keep >> c) & 1u;
}

int crq_named_covered(crq_band_set *set, const crq_band_tally *t,
                      const uint64_t *ranks, int m) {
  uint64_t cells[CRQ_BAND_CELLS], before;
  crq_band_cells(t, cells);
  int covered = 1;
  for (int i = 0; i < m; i++) {
    int c = cell_of_rank(cells, ranks[i], &before);
    if (c % 2 == 0 && !kept(set, c)) {
      set->keep |= UINT64_C(1) << c;
      covered = 0;
    }
  }
  return covered;
}

int crq_named_select(const crq_band_set *set, const crq_band_tally *t,
                     const uint64_t *ranks, int m, double *out, int threads) {
  uint64_t cells[CRQ_BAND_CELLS], before, at[CRQ_NAMED_MAX];
  int which[CRQ_NAMED_MAX], k = 0;
  double got[CRQ_NAMED_MAX];
  crq_band_cells(t, cells);
  for (int i = 0; i < m; i++) {
    int c = cell_of_rank(cells, ranks[i], &before);
    if (c % 2 == 1) { /* an edge's cell: the edge */
      out[i] = crq_double_of(set->edge[c / 2]);
      continue;
    }
    uint64_t copied = 0; /* the copies below cell c */
    for (int d = 0; d < c; d += 2)
      copied += kept(set, d) ? cells[d] : 0;
    at[k] = copied + (ranks[i] - before);
    which[k++] = i;
  }
  if (k > 0 && select_all(t->kept, t->n_kept, at, k, got, threads) != 0)
    return -1;
  for (int j = 0; j < k; j++)
    out[which[j]] = got[j];
  return 0;
}
