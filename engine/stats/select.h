/* engine/stats/select.h — exact order statistics of an unsorted array.
 *
 * The six figures a quick run wants (mean, a few quantiles, the maximum)
 * do not justify sorting every simulated year. Selection finds the k-th
 * smallest of n values in O(n) (Floyd & Rivest 1975): a fixed sample of
 * the values gives two bounds that almost surely bracket the wanted ranks;
 * one pass counts the values below the lower bound, counts those equal to
 * either bound, and collects the few strictly between, among which
 * Hoare's FIND places the wanted ranks; ranks far apart get bounds of
 * their own, counted in the same pass. The answer is the exact order
 * statistic, the same element a full sort would put at that rank (values
 * are ordered by their order-preserving 64-bit images, as the radix sort
 * orders them, so -0 < +0).
 */
#ifndef CRQ_SELECT_H
#define CRQ_SELECT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The order-preserving 64-bit image of a double (NaNs aside): the sign
 * bit set for non-negatives, every bit flipped for negatives. And back. */
static inline uint64_t crq_key_of(double x) {
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  return u ^ ((uint64_t)((int64_t)u >> 63) | UINT64_C(0x8000000000000000));
}

static inline double crq_double_of(uint64_t key) {
  uint64_t u =
      key ^ ((uint64_t)((int64_t)~key >> 63) | UINT64_C(0x8000000000000000));
  double x;
  memcpy(&x, &u, sizeof x);
  return x;
}

/* out[i] = the ranks[i]-th smallest of x[0..n) (1-based ranks, ascending,
 * at most CRQ_SELECT_MAX of them), in one pass over x however far apart
 * the ranks are; *largest (when not NULL) gets the key of the largest
 * value, which the pass sees anyway. Runs on up to `threads` threads.
 * Returns 0, or -1 when out of memory or when the bounds missed (the
 * caller then sorts instead). */
#define CRQ_SELECT_MAX 48
int crq_select(const double *x, size_t n, const uint64_t *ranks, int m,
               double *out, int threads, uint64_t *largest);

/* The same by sorting every value's key (for small n, or when the bounds
 * of crq_select missed; any number of ranks). 0, or -1 when out of
 * memory. */
int crq_select_by_sort(const double *x, size_t n, const uint64_t *ranks, int m,
                       double *out, uint64_t *largest);

/* The largest values of an array, sorted, for the quantiles of the tail:
 * the n keys above lo, ascending, which come after `below` keys below lo
 * and eq_lo equal to it. It answers every rank above `below`, and the
 * count of values above any amount whose key is at least lo. */
typedef struct crq_top {
  uint64_t lo;
  size_t below, eq_lo, n;
  uint64_t *keys;
} crq_top;

/* Collects the top of x holding every rank ≥ rank (one pass, bounds from
 * the sample as for crq_select). 0, or -1 when out of memory, when n is
 * small, or when the bound missed. */
int crq_top_build(const double *x, size_t n, uint64_t rank, crq_top *top,
                  int threads);
/* The rank-r value (r > top->below). */
double crq_top_kth(const crq_top *top, uint64_t r);
/* The values greater than amount (crq_key_of(amount) ≥ top->lo). */
uint64_t crq_top_count_above(const crq_top *top, double amount);
void crq_top_free(crq_top *top);

/* The number of x[i] > amount (as doubles compare), in one parallel pass. */
uint64_t crq_count_above(const double *x, size_t n, double amount, int threads);

/* Sorts keys[0..n) ascending (LSD radix on 11-bit digits, skipping the
 * digits all keys share; tmp is scratch of n). */
void crq_sort_keys(uint64_t *keys, uint64_t *tmp, size_t n);

#endif
