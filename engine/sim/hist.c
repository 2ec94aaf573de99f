/* engine/sim/hist.c — log-bucket histograms (see hist.h).
 *
 * Walking the buckets in value order: the non-positive count first, then
 * the pages by exponent, each page's counters by mantissa. A bucket's
 * index is 1 + (exponent << bits | mantissa top bits), so indices order
 * as the values do.
 */
#include "sim/hist.h"

#include <math.h>
#include <stdlib.h>

#include "stats/exact_sum.h"

void crq_hist_init(crq_hist *h, unsigned bits) {
  memset(h, 0, sizeof *h);
  h->bits = bits;
}

void crq_hist_free(crq_hist *h) {
  for (unsigned e = 0; e < CRQ_HIST_PAGES; e++)
    free(h->page[e]);
  crq_hist_init(h, h->bits);
}

void crq_hist_make_page(crq_hist *h, unsigned e) {
  h->page[e] = calloc((size_t)1 << h->bits, sizeof *h->page[e]);
  h->nomem |= h->page[e] == NULL;
}

int crq_hist_merge(crq_hist *h, const crq_hist *from) {
  h->nonpositive += from->nonpositive;
  h->nomem |= from->nomem;
  size_t slots = (size_t)1 << h->bits;
  for (unsigned e = 0; e < CRQ_HIST_PAGES; e++) {
    if (from->page[e] == NULL)
      continue;
    if (h->page[e] == NULL && (crq_hist_make_page(h, e), h->page[e] == NULL))
      return -1;
    for (size_t i = 0; i < slots; i++)
      h->page[e][i] += from->page[e][i];
  }
  return h->nomem ? -1 : 0;
}

uint64_t crq_hist_count(const crq_hist *h) {
  uint64_t n = h->nonpositive;
  size_t slots = (size_t)1 << h->bits;
  for (unsigned e = 0; e < CRQ_HIST_PAGES; e++)
    for (size_t i = 0; h->page[e] && i < slots; i++)
      n += h->page[e][i];
  return n;
}

/* The edges [*lo, *hi) of bucket i of exponent e. */
static void bucket_edges(const crq_hist *h, unsigned e, size_t i, double *lo,
                         double *hi) {
  unsigned shift = 52 - h->bits;
  uint64_t lo_bits = ((uint64_t)e << 52) | ((uint64_t)i << shift);
  uint64_t hi_bits = lo_bits + ((uint64_t)1 << shift);
  memcpy(lo, &lo_bits, sizeof *lo);
  memcpy(hi, &hi_bits, sizeof *hi);
}

/* The midpoint of bucket (e, i), at most max. */
static double representative(const crq_hist *h, unsigned e, size_t i,
                             double max) {
  double lo, hi;
  bucket_edges(h, e, i, &lo, &hi);
  double mid = lo + (hi - lo) / 2;
  return mid < max ? mid : max;
}

uint64_t crq_hist_bucket(const crq_hist *h, double x) {
  if (!(x > 0.0))
    return 0;
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  return 1 + (u >> (52 - h->bits));
}

/* The bucket (e, i) holding the k-th smallest value, *seen the values up
 * to and including it; 0 when the rank falls among the values ≤ 0. */
static int find_rank(const crq_hist *h, uint64_t k, unsigned *e_out,
                     size_t *i_out, uint64_t *seen) {
  *seen = h->nonpositive;
  if (k <= *seen)
    return 0;
  size_t slots = (size_t)1 << h->bits;
  for (unsigned e = 0; e < CRQ_HIST_PAGES; e++)
    for (size_t i = 0; h->page[e] && i < slots; i++) {
      *seen += h->page[e][i];
      if (h->page[e][i] && k <= *seen) {
        *e_out = e;
        *i_out = i;
        return 1;
      }
    }
  return 0; /* k beyond the count: treated as the values ≤ 0 */
}

void crq_hist_rank(const crq_hist *h, uint64_t k, double max, uint64_t *above,
                   uint64_t *in, double *rep) {
  uint64_t total = crq_hist_count(h), seen;
  unsigned e;
  size_t i;
  if (!find_rank(h, k, &e, &i, &seen)) {
    *in = h->nonpositive;
    *rep = 0.0;
    *above = total - h->nonpositive;
    return;
  }
  *in = h->page[e][i];
  *above = total - seen;
  *rep = representative(h, e, i, max);
}

void crq_hist_kth_bucket(const crq_hist *h, uint64_t k, double max, double *lo,
                         double *hi) {
  uint64_t seen;
  unsigned e;
  size_t i;
  *lo = *hi = 0.0;
  if (!find_rank(h, k, &e, &i, &seen))
    return;
  bucket_edges(h, e, i, lo, hi);
  *lo = *lo < max ? *lo : max;
  *hi = *hi < max ? *hi : max;
}

double crq_hist_kth(const crq_hist *h, uint64_t k, double max) {
  uint64_t above, in;
  double rep;
  crq_hist_rank(h, k, max, &above, &in, &rep);
  return rep;
}

uint64_t crq_hist_count_above(const crq_hist *h, double amount) {
  uint64_t n = amount < 0.0 ? h->nonpositive : 0;
  uint64_t at = crq_hist_bucket(h, amount);
  size_t slots = (size_t)1 << h->bits;
  for (unsigned e = 0; e < CRQ_HIST_PAGES; e++)
    for (size_t i = 0; h->page[e] && i < slots; i++) {
      uint64_t b = 1 + ((uint64_t)e << h->bits | i);
      if (b > at || (b == at && representative(h, e, i, INFINITY) > amount))
        n += h->page[e][i];
    }
  return n;
}

double crq_hist_tail_mean(const crq_hist *h, uint64_t k, double max) {
  uint64_t total = crq_hist_count(h), above, in;
  double rep;
  crq_hist_rank(h, k, max, &above, &in, &rep);
  crq_xsum s;
  crq_xsum_init(&s);
  crq_xsum_add_times(&s, rep, total - k + 1 - above);
  size_t slots = (size_t)1 << h->bits;
  uint64_t from = crq_hist_bucket(h, rep > 0.0 ? rep : 0.0);
  for (unsigned e = 0; e < CRQ_HIST_PAGES; e++)
    for (size_t i = 0; h->page[e] && i < slots; i++)
      if (1 + ((uint64_t)e << h->bits | i) > from)
        crq_xsum_add_times(&s, representative(h, e, i, max), h->page[e][i]);
  return crq_xsum_value(&s) / (double)(total - k + 1);
}
