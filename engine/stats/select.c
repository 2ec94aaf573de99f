/* engine/stats/select.c — Floyd–Rivest selection (see select.h).
 *
 * The sample is s evenly spaced values x[⌊i·n/s⌋], ordered (sorted, or
 * for one or two positions only those placed). For a wanted rank r its
 * estimate in the sample is r·s/n; the sample's own rank error
 * has standard deviation √(s·q(1−q)) at q = r/n, so bounds 4 of those (and
 * a few places) either side almost never miss. When they do, or when too
 * many values fall strictly between them, the call fails and the caller
 * sorts: the answer is exact either way, only the time differs. Values
 * equal to a bound are counted, not collected, so heavy ties (years
 * without a loss) cost no memory.
 */
#include "stats/select.h"

#include "sim/clones.h"
#include "sim/run.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

/* The sizes sorted outright, and the values per thread worth a thread of
 * their own. */
enum { SMALL = 1 << 12, GRAIN = 1 << 18 };

/* The sample's size for n values: the power of two from 2^13 to 2^15 that
 * is at least n/32 (2^13 up to 2^18 values), since ordering the sample is
 * a cost every query pays. (With 2^13 the keys collected at the median,
 * about 4/√size of the values, stay under the n/16 a pass may collect.) */
static long sample_size(size_t n) {
  long size = 1 << 13;
  while (size < (1 << 15) && (size_t)size * 32 < n)
    size *= 2;
  return size;
}

void crq_sort_keys(uint64_t *keys, uint64_t *tmp, size_t n) {
  enum { BITS = 11, RADIX = 1 << BITS };
  uint64_t *src = keys, *dst = tmp;
  size_t count[RADIX];
  for (int shift = 0; shift < 64; shift += BITS) {
    memset(count, 0, sizeof count);
    for (size_t i = 0; i < n; i++)
      count[(src[i] >> shift) & (RADIX - 1)]++;
    size_t at = 0;
    int trivial = 0;
    for (size_t d = 0; d < RADIX; d++) {
      size_t c = count[d];
      trivial |= c == n;
      count[d] = at;
      at += c;
    }
    if (trivial) /* every key has this digit: nothing moves */
      continue;
    for (size_t i = 0; i < n; i++)
      dst[count[(src[i] >> shift) & (RADIX - 1)]++] = src[i];
    uint64_t *t = src;
    src = dst;
    dst = t;
  }
  if (src != keys)
    memcpy(keys, src, n * sizeof *keys);
}

int crq_select_by_sort(const double *x, size_t n, const uint64_t *ranks, int m,
                       double *out, uint64_t *largest) {
  uint64_t *k = malloc(2 * n * sizeof *k + 1);
  if (k == NULL)
    return -1;
  for (size_t i = 0; i < n; i++)
    k[i] = crq_key_of(x[i]);
  crq_sort_keys(k, k + n, n);
  for (int i = 0; i < m; i++)
    out[i] = crq_double_of(k[ranks[i] - 1]);
  if (largest && n > 0)
    *largest = k[n - 1];
  free(k);
  return 0;
}

/* The bound for sample position pos of the sorted sample: its key, or
 * the end of the key range beyond the sample. */
static uint64_t bound(const uint64_t *sample, size_t n, long pos) {
  if (pos < 0)
    return 0;
  return pos >= sample_size(n) ? UINT64_MAX : sample[pos];
}

/* Sample position of rank r (1-based) of n, moved `dir` × its margin. */
static long sample_pos(uint64_t r, size_t n, int dir) {
  long size = sample_size(n);
  double q = (double)r / (double)n, at = q * (double)size;
  double margin = 4 * sqrt((double)size * q * (1 - q)) + 8;
  return (long)floor(at + dir * margin);
}

/* One pass: below = #(key < lo), eq_lo = #(key == lo), eq_hi = #(key ==
 * hi) (hi > lo), and the keys strictly between into a buffer of cap keys
 * (n_between of them; more than cap when it overflowed). */
typedef struct pass {
  uint64_t lo, hi;
  size_t cap;
  size_t below, eq_lo, eq_hi, n_between;
} pass;

/* c[0..3] += the keys of x[0..n) below lo, equal to lo, equal to hi, and
 * in (lo, hi) (width = hi − lo − 1, or 0 when there is no such key). */
CRQ_VECTOR_CLONES
static void count_keys(const double *x, size_t n, uint64_t lo, uint64_t hi,
                       uint64_t width, size_t c[4]) {
  size_t below = 0, eq_lo = 0, eq_hi = 0, in = 0;
#pragma omp simd reduction(+ : below, eq_lo, eq_hi, in)
  for (size_t i = 0; i < n; i++) {
    uint64_t k = crq_key_of(x[i]);
    below += k < lo;
    eq_lo += k == lo;
    eq_hi += k == hi;
    in += k - lo - 1 < width;
  }
  c[0] += below;
  c[1] += eq_lo;
  c[2] += eq_hi;
  c[3] += in;
}

#ifdef CRQ_AVX512_KERNELS
#include <immintrin.h>
#define SELECT_AVX512 1

/* count_keys, the collection of the keys in (lo, hi) into out and
 * largest_key (into *max, unless NULL) at once, eight keys per step with
 * AVX-512 (out must have room for n keys). The counts and the largest key are
 * kept in vector lanes, and the rare keys in between are compressed in a
 * register and stored whole: both cheaper than a popcount per mask and a
 * compressing store to memory. Returns the number collected. */
__attribute__((target("avx512f"))) static size_t
collect_avx512(const double *x, size_t n, uint64_t lo, uint64_t hi,
               uint64_t width, size_t c[4], uint64_t *out, uint64_t *max) {
  const __m512i sign =
      _mm512_set1_epi64((long long)UINT64_C(0x8000000000000000));
  const __m512i vlo = _mm512_set1_epi64((long long)lo);
  const __m512i vhi = _mm512_set1_epi64((long long)hi);
  const __m512i above_lo = _mm512_set1_epi64((long long)(lo + 1));
  const __m512i vwidth = _mm512_set1_epi64((long long)width);
  const __m512i one = _mm512_set1_epi64(1);
  __m512i below = _mm512_setzero_si512(), eq_lo = below, eq_hi = below,
          top = below;
  size_t got = 0, i = 0;
  for (; i + 8 <= n; i += 8) {
    __m512i u = _mm512_loadu_si512(x + i); /* crq_key_of, eight at once */
    __m512i k =
        _mm512_xor_si512(u, _mm512_or_si512(_mm512_srai_epi64(u, 63), sign));
    top = _mm512_max_epu64(top, k);
    __mmask8 in =
        _mm512_cmplt_epu64_mask(_mm512_sub_epi64(k, above_lo), vwidth);
    below = _mm512_mask_add_epi64(below, _mm512_cmplt_epu64_mask(k, vlo), below,
                                  one);
    eq_lo = _mm512_mask_add_epi64(eq_lo, _mm512_cmpeq_epu64_mask(k, vlo), eq_lo,
                                  one);
    eq_hi = _mm512_mask_add_epi64(eq_hi, _mm512_cmpeq_epu64_mask(k, vhi), eq_hi,
                                  one);
    if (in) { /* out has room for eight more: n keys in all */
      _mm512_storeu_si512(out + got, _mm512_maskz_compress_epi64(in, k));
      got += (size_t)__builtin_popcount(in);
    }
  }
  c[0] += (size_t)_mm512_reduce_add_epi64(below);
  c[1] += (size_t)_mm512_reduce_add_epi64(eq_lo);
  c[2] += (size_t)_mm512_reduce_add_epi64(eq_hi);
  uint64_t m = _mm512_reduce_max_epu64(top);
  for (; i < n; i++) {
    uint64_t k = crq_key_of(x[i]);
    m = k > m ? k : m;
    c[0] += k < lo;
    c[1] += k == lo;
    c[2] += k == hi;
    if (k - lo - 1 < width)
      out[got++] = k;
  }
  c[3] += got;
  if (max)
    *max = m > *max ? m : *max;
  return got;
}
#endif

/* The largest key of x[0..n) and max, vectorised. */
CRQ_VECTOR_CLONES
static uint64_t largest_key(const double *x, size_t n, uint64_t max) {
#pragma omp simd reduction(max : max)
  for (size_t i = 0; i < n; i++) {
    uint64_t k = crq_key_of(x[i]);
    max = k > max ? k : max;
  }
  return max;
}

/* The counts and keys between of one block x[0..n) for one pass into
 * out[*got..], and its largest key into *max (unless NULL); blind: out has
 * room for n more. */
static void block_pass(const double *x, size_t n, const pass *ps, int blind,
                       size_t mine, uint64_t *out, size_t *got, size_t c[4],
                       uint64_t *max) {
  const uint64_t lo = ps->lo, hi = ps->hi;
  const uint64_t width = hi > lo ? hi - lo - 1 : 0; /* lo < k < hi */
#ifdef SELECT_AVX512
  if (blind && __builtin_cpu_supports("avx512f")) {
    *got += collect_avx512(x, n, lo, hi, width, c, out + *got, max);
    return;
  }
#endif
  if (max)
    *max = largest_key(x, n, *max);
  /* Counting, vectorised; then, only where some key is in between,
   * collecting without branches (a store per key, kept or not). */
  count_keys(x, n, lo, hi, width, c);
  size_t in = c[3];
  for (size_t i = 0; in > 0 && i < n; i++) {
    uint64_t k = crq_key_of(x[i]);
    int keep = k - lo - 1 < width;
    if (blind || (keep && *got < mine))
      out[*got] = k;
    *got += (size_t)keep;
  }
}

/* Passes ps[0..g) over x in one sweep: each block of keys is read from
 * memory once and counted against every pass while it is in the cache.
 * Pass j collects into between[j] (ps[j].cap keys); *largest (when not
 * NULL) gets the largest key of x. */
static void run_passes(const double *x, size_t n, pass *ps, int g,
                       uint64_t *const *between, int threads,
                       uint64_t *largest) {
  enum { BLOCK = 1024 };
  size_t below[CRQ_SELECT_MAX] = {0}, eq_lo[CRQ_SELECT_MAX] = {0},
         eq_hi[CRQ_SELECT_MAX] = {0}, at[CRQ_SELECT_MAX] = {0};
  uint64_t max = 0;
#pragma omp parallel num_threads(crq_threads_for(threads, n, GRAIN))       \
    reduction(+ : below[:g], eq_lo[:g], eq_hi[:g]) reduction(max : max)
  {
    /* Thread t collects into its own slices [t·cap/T, (t+1)·cap/T). */
    int t = omp_get_thread_num(), nt = omp_get_num_threads();
    size_t got[CRQ_SELECT_MAX] = {0};
#pragma omp for schedule(static)
    for (size_t b = 0; b < n; b += BLOCK) {
      size_t end = b + BLOCK < n ? b + BLOCK : n;
      for (int j = 0; j < g; j++) {
        size_t c[4] = {0}, mine = ps[j].cap / (size_t)nt;
        block_pass(x + b, end - b, &ps[j], got[j] + (end - b) <= mine, mine,
                   between[j] + (size_t)t * mine, &got[j], c,
                   j == 0 && largest ? &max : NULL); /* asked for: the first */
        below[j] += c[0];
        eq_lo[j] += c[1];
        eq_hi[j] += c[2];
      }
    }
    /* Pack the slices in thread order (the keys get sorted anyway). */
#pragma omp for ordered schedule(static, 1)
    for (int u = 0; u < nt; u++) {
#pragma omp ordered
      for (int j = 0; j < g; j++) {
        size_t cap = ps[j].cap, mine = cap / (size_t)nt;
        if (got[j] > mine || at[j] + got[j] > cap)
          at[j] = cap + 1; /* overflowed */
        else if (at[j] <= cap) {
          memmove(between[j] + at[j], between[j] + (size_t)t * mine,
                  got[j] * sizeof **between);
          at[j] += got[j];
        }
      }
    }
  }
  for (int j = 0; j < g; j++) {
    ps[j].below = below[j];
    ps[j].eq_lo = eq_lo[j];
    ps[j].eq_hi = ps[j].hi == ps[j].lo ? 0 : eq_hi[j];
    ps[j].n_between = at[j];
  }
  if (largest)
    *largest = max;
}

/* Partitions a[lo..hi) around pivot in one pass without a branch per key
 * (a branch on each comparison mispredicts about every other key): each
 * key is written both to the front of tmp, where the keys below the pivot
 * gather, and to its back, where those above it gather, and counted only
 * where it belongs, so the next key overwrites the other copy. The keys
 * equal to the pivot then fill the middle, and tmp goes back to a. Returns
 * the range [*eq_lo, *eq_hi) of the keys equal to the pivot. */
static void partition3(uint64_t *a, size_t lo, size_t hi, uint64_t pivot,
                       uint64_t *tmp, size_t *eq_lo, size_t *eq_hi) {
  size_t n = hi - lo, below = 0, above = 0;
  for (size_t k = lo; k < hi; k++) {
    uint64_t v = a[k];
    tmp[below] = v;
    tmp[n - 1 - above] = v; /* below + above < n: the two never cross */
    below += v < pivot;
    above += v > pivot;
  }
  for (size_t k = below; k < n - above; k++)
    tmp[k] = pivot;
  memcpy(a + lo, tmp, n * sizeof *a);
  *eq_lo = lo + below;
  *eq_hi = hi - above;
}

/* Puts the key of 0-based rank j of a[0..n) at a[j], smaller keys before
 * it and larger after (Hoare's FIND with a median-of-three pivot and the
 * branch-free partition3), working on a[from..n) only: the caller
 * guarantees a[0..from) are the smallest. Partitions that stop shrinking
 * fast are sorted instead (tmp: scratch of n), so the time stays
 * O(n log n) at worst. */
static void nth_key(uint64_t *a, uint64_t from, size_t n, uint64_t j,
                    uint64_t *tmp) {
  size_t lo = (size_t)(from <= j ? from : 0), hi = n; /* j in [lo, hi) */
  for (int round = 0; hi - lo > 32; round++) {
    if (round == 64) {
      crq_sort_keys(a + lo, tmp, hi - lo);
      return;
    }
    uint64_t x = a[lo], y = a[lo + (hi - lo) / 2], z = a[hi - 1];
    uint64_t pivot =
        x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
    size_t eq_lo, eq_hi;
    partition3(a, lo, hi, pivot, tmp, &eq_lo, &eq_hi);
    if (j < eq_lo)
      hi = eq_lo;
    else if (j >= eq_hi)
      lo = eq_hi;
    else
      return; /* a[j] is the pivot */
  }
  crq_sort_keys(a + lo, tmp, hi - lo);
}

/* The rank-r key given a pass whose bounds bracket it (between sorted). */
static uint64_t key_at(const pass *ps, const uint64_t *between, uint64_t r) {
  uint64_t i = r - ps->below; /* 1-based from the lower bound */
  if (i <= ps->eq_lo)
    return ps->lo;
  i -= ps->eq_lo;
  return i <= ps->n_between ? between[i - 1] : ps->hi;
}

/* Ranks [first, last] from their pass and the keys it collected (tmp:
 * scratch of as many). 0, or -1 when the pass missed or overflowed. */
static int group_ranks(const pass *ps, uint64_t *between, uint64_t *tmp,
                       const uint64_t *ranks, int first, int last,
                       double *out) {
  if (ps->n_between > ps->cap || ps->below >= ranks[first] ||
      ranks[last] > ps->below + ps->eq_lo + ps->n_between + ps->eq_hi)
    return -1;
  for (int i = first; i <= last; i++) { /* ascending: each from the last */
    uint64_t j = ranks[i] - ps->below - ps->eq_lo; /* 1-based in between */
    if (j >= 1 && j <= ps->n_between)
      nth_key(between, i > first ? ranks[i - 1] - ps->below - ps->eq_lo : 0,
              ps->n_between, j - 1, tmp);
    out[i] = crq_double_of(key_at(ps, between, ranks[i]));
  }
  return 0;
}

/* The sample of x: sample_size(n) evenly spaced keys (in an array twice
 * that, the second half scratch) with, at each position pos[0..m) that
 * lies in the sample, the key a sorted sample would have there: for one
 * or two positions by Hoare's FIND (about two passes over the sample
 * each), for more by sorting it (six passes of the radix sort). May
 * reorder pos. NULL when out of memory. */
static uint64_t *sample_at(const double *x, size_t n, long *pos, int m) {
  size_t size = (size_t)sample_size(n);
  uint64_t *sample = malloc(2 * size * sizeof *sample);
  if (sample == NULL)
    return NULL;
  for (size_t i = 0; i < size; i++)
    sample[i] = crq_key_of(x[(size_t)((unsigned __int128)i * n / size)]);
  if (m > 2) {
    crq_sort_keys(sample, sample + size, size);
    return sample;
  }
  if (m == 2 && pos[0] > pos[1]) {
    long t = pos[0];
    pos[0] = pos[1];
    pos[1] = t;
  }
  size_t from = 0; /* sample[0..from) are the smallest, in place */
  for (int i = 0; i < m; i++)
    if (pos[i] >= (long)from && pos[i] < (long)size) {
      nth_key(sample, from, size, (uint64_t)pos[i], sample + size);
      from = (size_t)pos[i] + 1;
    }
  return sample;
}

/* Room for the keys a pass between sample positions lo and hi collects:
 * twice the sample's share between them, at most n/16, and SMALL more. */
static size_t group_cap(size_t n, long lo, long hi) {
  double share = 2.0 * (double)(hi - lo + 1) / (double)sample_size(n);
  return (share < 1.0 / 16 ? (size_t)(share * (double)n) : n / 16) + SMALL;
}

int crq_select(const double *x, size_t n, const uint64_t *ranks, int m,
               double *out, int threads, uint64_t *largest) {
  if (m == 0)
    return 0;
  if (n <= SMALL)
    return crq_select_by_sort(x, n, ranks, m, out, largest);
  /* Ranks within 1% of the sample of each other share a pass's bounds. */
  int first[CRQ_SELECT_MAX], last[CRQ_SELECT_MAX], g = 0;
  for (int i = 0; i < m; g++) {
    first[g] = last[g] = i;
    while (last[g] + 1 < m &&
           sample_pos(ranks[last[g] + 1], n, 0) - sample_pos(ranks[i], n, 0) <
               sample_size(n) / 100)
      last[g]++;
    i = last[g] + 1;
  }
  long lo[CRQ_SELECT_MAX], hi[CRQ_SELECT_MAX], pos[2 * CRQ_SELECT_MAX];
  pass ps[CRQ_SELECT_MAX];
  size_t room = 0, most = 0;
  for (int j = 0; j < g; j++) {
    pos[2 * j] = lo[j] = sample_pos(ranks[first[j]], n, -1);
    pos[2 * j + 1] = hi[j] = sample_pos(ranks[last[j]], n, 1) + 1;
    ps[j] = (pass){.cap = group_cap(n, lo[j], hi[j])};
    room += ps[j].cap;
    most = ps[j].cap > most ? ps[j].cap : most;
  }
  uint64_t *sample = sample_at(x, n, pos, 2 * g), *between[CRQ_SELECT_MAX];
  uint64_t *keys = malloc((room + most) * sizeof *keys); /* and scratch */
  int rc = sample && keys ? 0 : -1;
  if (rc == 0) {
    for (int j = 0; j < g; j++) {
      ps[j].lo = bound(sample, n, lo[j]);
      ps[j].hi = bound(sample, n, hi[j]);
      between[j] = j == 0 ? keys : between[j - 1] + ps[j - 1].cap;
    }
    run_passes(x, n, ps, g, between, threads, largest);
    for (int j = 0; rc == 0 && j < g; j++)
      rc = group_ranks(&ps[j], between[j], keys + room, ranks, first[j],
                       last[j], out);
  }
  free(sample);
  free(keys);
  return rc;
}

int crq_top_build(const double *x, size_t n, uint64_t rank, crq_top *top,
                  int threads) {
  *top = (crq_top){0};
  if (n <= SMALL)
    return -1;
  size_t cap = n / 16 + SMALL;
  long lo = sample_pos(rank, n, -1), pos = lo;
  uint64_t *sample = sample_at(x, n, &pos, 1);
  uint64_t *keys = malloc(2 * cap * sizeof *keys);
  int rc = -1;
  if (sample && keys) {
    pass ps = {.lo = bound(sample, n, lo), .hi = UINT64_MAX, .cap = cap};
    run_passes(x, n, &ps, 1, &keys, threads, NULL);
    if (ps.n_between <= cap && ps.below < rank && ps.eq_hi == 0) {
      crq_sort_keys(keys, keys + cap, ps.n_between);
      uint64_t *fit = realloc(keys, (ps.n_between + 1) * sizeof *keys);
      keys = fit ? fit : keys;
      *top = (crq_top){ps.lo, ps.below, ps.eq_lo, ps.n_between, keys};
      keys = NULL;
      rc = 0;
    }
  }
  free(sample);
  free(keys);
  return rc;
}

double crq_top_kth(const crq_top *top, uint64_t r) {
  uint64_t i = r - top->below; /* 1-based from the lower bound */
  return crq_double_of(i <= top->eq_lo ? top->lo
                                       : top->keys[i - top->eq_lo - 1]);
}

uint64_t crq_top_count_above(const crq_top *top, double amount) {
  size_t a = 0, b = top->n; /* the first key whose double exceeds amount */
  while (a < b) {
    size_t mid = a + (b - a) / 2;
    if (crq_double_of(top->keys[mid]) > amount)
      b = mid;
    else
      a = mid + 1;
  }
  return top->n - a;
}

void crq_top_free(crq_top *top) {
  free(top->keys);
  *top = (crq_top){0};
}

uint64_t crq_count_above(const double *x, size_t n, double amount,
                         int threads) {
  size_t above = 0;
#pragma omp parallel for num_threads(crq_threads_for(threads, n, GRAIN))   \
    schedule(static) reduction(+ : above)
  for (size_t i = 0; i < n; i++)
    above += x[i] > amount;
  return above;
}
