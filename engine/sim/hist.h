/* engine/sim/hist.h — log-bucket histograms of annual losses, for runs too
 * large to keep every year (streaming mode).
 *
 * A bucket is the set of doubles that share their exponent and their top
 * `bits` mantissa bits: [lo, lo·(1 + 2^-bits)) for normal numbers. Its
 * representative is the midpoint, within 2^-(bits+1) of every value in it
 * relative to the value: 0.098% for the main histograms (bits = 9), the
 * error bound crq documents for streaming figures. Values ≤ 0 (years
 * without a loss) are counted exactly apart. Counts are integers, so
 * histograms filled by any split of the trials over threads or processes
 * merge to the same counts.
 *
 * Buckets live in pages, one page of 2^bits counters per exponent, made on
 * the first value of that octave (a year's losses span a few dozen
 * octaves). Adding a value is a shift, an index and an increment.
 */
#ifndef CRQ_HIST_H
#define CRQ_HIST_H

#include <stdint.h>
#include <string.h>

#define CRQ_HIST_PAGES 2048 /* exponent field values */
#define CRQ_HIST_FINE 9     /* the main histograms: 0.098% */
#define CRQ_HIST_COARSE 5   /* the batches' (only their spread matters) */

typedef struct crq_hist {
  unsigned bits;
  uint64_t nonpositive;
  uint64_t *page[CRQ_HIST_PAGES];
  int nomem; /* a page could not be made: counts are incomplete */
} crq_hist;

void crq_hist_init(crq_hist *h, unsigned bits);
void crq_hist_free(crq_hist *h);

/* Makes the page of exponent e (internal to crq_hist_add). */
void crq_hist_make_page(crq_hist *h, unsigned e);

static inline void crq_hist_add(crq_hist *h, double x) {
  if (!(x > 0.0)) {
    h->nonpositive++;
    return;
  }
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  unsigned e = (unsigned)(u >> 52);
  if (h->page[e] == NULL) {
    crq_hist_make_page(h, e);
    if (h->page[e] == NULL)
      return;
  }
  h->page[e][(u >> (52 - h->bits)) & ((1u << h->bits) - 1)]++;
}

/* Adds from's counts to h (same bits). 0, or -1 when out of memory. */
int crq_hist_merge(crq_hist *h, const crq_hist *from);

/* The number of values. */
uint64_t crq_hist_count(const crq_hist *h);

/* The representative of the bucket holding the k-th smallest value
 * (1-based), at most max (the largest value, known exactly). */
double crq_hist_kth(const crq_hist *h, uint64_t k, double max);

/* The number of values above amount: exact but for the bucket holding
 * amount, whose values count when its representative exceeds amount. */
uint64_t crq_hist_count_above(const crq_hist *h, double amount);

/* Where rank k falls: *above = the values in buckets above its bucket,
 * *in = the values in its bucket, *rep = its representative (at most max).
 * For the tail means and the tail weights of streaming contributions. */
void crq_hist_rank(const crq_hist *h, uint64_t k, double max, uint64_t *above,
                   uint64_t *in, double *rep);

/* The edges [*lo, *hi) of the bucket holding the k-th smallest value,
 * each at most max ([0, 0] when it is among the values ≤ 0): where the
 * exact k-th smallest value lies. */
void crq_hist_kth_bucket(const crq_hist *h, uint64_t k, double max, double *lo,
                         double *hi);
/* The mean of ranks k..n: the representatives of every value in the buckets
 * above rank k's, and of as many values of its bucket as the ranks need,
 * summed exactly. */
double crq_hist_tail_mean(const crq_hist *h, uint64_t k, double max);

/* The bucket index of x (0 for values ≤ 0): buckets order as values do. */
uint64_t crq_hist_bucket(const crq_hist *h, double x);

#endif
