/* engine/stats/radix_sort.c — radix sort of doubles (see radix_sort.h).
 *
 * Keys live in the double arrays as their order-preserving 64-bit images
 * during the sort (read and written with memcpy, so no aliasing rules are
 * bent). A plain LSD sort moves every key through memory once per digit,
 * and on large arrays each pass is bound by memory bandwidth. So the sort
 * is hybrid: one most-significant-digit pass on the top 16 bits (sign,
 * exponent and 4 mantissa bits) splits the keys into buckets that mostly
 * fit in cache, then each bucket is sorted on its 48 low bits by LSD passes
 * of 12 bits (8 bits for small buckets; skipping digits that are the same
 * across the bucket), or by insertion when tiny. Arrays smaller than a
 * small bucket skip the top pass and are one bucket of 64 bits. Buckets are
 * independent and shared among threads; a bucket too large to leave to one
 * thread gets parallel passes. Every pass is stable, so the order of equal keys
 * is their original order and the output is the same for any number of threads.
 */
#include "stats/radix_sort.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>

enum {
  TOP_SHIFT = 48,
  TOP = 1 << 16, /* buckets of the first pass */
  LOW_BITS = 12,
  LOW = 1 << LOW_BITS, /* digits of the bucket passes */
  LOW_PASSES = 4,      /* 4 × 12 = 48 low bits */
  SMALL_BITS = 8,      /* the shortest digit of sort_msd */
  MSD_BITS = 11,       /* the longest */
  SMALL_BUCKET = 4096, /* buckets below this size: sort_msd */
  TINY = 32            /* buckets up to this size: insertion sort */
};
#define SIGN UINT64_C(0x8000000000000000)

static inline uint64_t load(const double *a, size_t i) {
  uint64_t u;
  memcpy(&u, &a[i], sizeof u);
  return u;
}

static inline void store(double *a, size_t i, uint64_t u) {
  memcpy(&a[i], &u, sizeof u);
}

static inline size_t low_digit(uint64_t k, int pass) {
  return (size_t)(k >> (pass * LOW_BITS)) & (LOW - 1);
}

static inline size_t block_lo(size_t lo, size_t n, int t, int nt) {
  return lo + (size_t)((uint64_t)n * (unsigned)t / (unsigned)nt); /* n<2^32 */
}

/* Converts the doubles to keys and numbers the positions. */
static void prepare(double *keys, uint32_t *pos, size_t n, int threads) {
#pragma omp parallel for num_threads(threads) schedule(static)
  for (size_t i = 0; i < n; i++) {
    uint64_t u = load(keys, i);
    store(keys, i, (u & SIGN) ? ~u : (u | SIGN));
    pos[i] = (uint32_t)i;
  }
}

/* Turns keys back into doubles. */
static void finish(double *keys, size_t n, int threads) {
#pragma omp parallel for num_threads(threads) schedule(static)
  for (size_t i = 0; i < n; i++) {
    uint64_t u = load(keys, i);
    store(keys, i, (u & SIGN) ? (u & ~SIGN) : ~u);
  }
}

/* One stable counting pass over [lo, hi) from (sk, sp) into (dk, dp) on
 * the digit (key >> shift) & (radix − 1), by contiguous blocks per thread.
 * hist is scratch of threads × radix. Returns 0 (nothing moved) when every
 * key has the same digit, else 1. start, when not NULL, receives the
 * radix + 1 bucket boundaries. */
static int parallel_pass(const double *sk, const uint32_t *sp, double *dk,
                         uint32_t *dp, size_t lo, size_t hi, int shift,
                         size_t radix, size_t *hist, size_t *start,
                         int threads) {
  int moved = 1;
#pragma omp parallel num_threads(threads)
  {
    int t = omp_get_thread_num(), nt = omp_get_num_threads();
    size_t a = block_lo(lo, hi - lo, t, nt),
           b = block_lo(lo, hi - lo, t + 1, nt);
    size_t *h = hist + (size_t)t * radix;
    memset(h, 0, radix * sizeof *h);
    for (size_t i = a; i < b; i++)
      h[(load(sk, i) >> shift) & (radix - 1)]++;
#pragma omp barrier
#pragma omp single
    {
      size_t at = lo;
      for (size_t d = 0; d < radix; d++) {
        if (start)
          start[d] = at;
        size_t before = at;
        for (int u = 0; u < nt; u++) {
          size_t c = hist[(size_t)u * radix + d];
          hist[(size_t)u * radix + d] = at;
          at += c;
        }
        moved &= !(at - before == hi - lo); /* all in one digit */
      }
      if (start)
        start[radix] = at;
    }
    if (moved)
      for (size_t i = a; i < b; i++) {
        uint64_t k = load(sk, i);
        size_t to = h[(k >> shift) & (radix - 1)]++;
        store(dk, to, k);
        dp[to] = sp[i];
      }
  }
  return moved;
}

/* Stable insertion sort of [lo, hi) of (k, p) in place. */
static void insertion(double *k, uint32_t *p, size_t lo, size_t hi) {
  for (size_t i = lo + 1; i < hi; i++) {
    uint64_t key = load(k, i);
    uint32_t pos = p[i];
    size_t j = i;
    for (; j > lo && load(k, j - 1) > key; j--) {
      store(k, j, load(k, j - 1));
      p[j] = p[j - 1];
    }
    store(k, j, key);
    p[j] = pos;
  }
}

static void sort_bucket(double *k, uint32_t *p, double *tk, uint32_t *tp,
                        size_t lo, size_t hi, uint32_t *cnt, int key_bits);

/* A small bucket [lo, hi) whose keys differ only in their low key_bits
 * bits, from (tk, tp) into (k, p): one stable counting pass on the top
 * 8 to 11 of the bits in which they differ (about as many digit values as
 * keys), which leaves sub-buckets of a key or two for insertion (larger
 * ones are sorted the same way on the bits below). A third of the work of
 * LSD passes over every digit. */
static void sort_msd(double *k, uint32_t *p, double *tk, uint32_t *tp,
                     size_t lo, size_t hi, uint32_t *cnt) {
  uint64_t any = 0, all = ~UINT64_C(0);
  for (size_t i = lo; i < hi; i++) {
    any |= load(tk, i);
    all &= load(tk, i);
  }
  uint64_t differ = any ^ all; /* the bits in which the keys differ */
  if (differ == 0) {           /* all equal: already in order */
    memcpy(k + lo, tk + lo, (hi - lo) * sizeof *k);
    memcpy(p + lo, tp + lo, (hi - lo) * sizeof *p);
    return;
  }
  /* About one key per digit value: sub-buckets of one or two keys. */
  int bits = hi - lo >= 512 ? MSD_BITS : SMALL_BITS;
  size_t radix = (size_t)1 << bits, end[((size_t)1 << MSD_BITS) + 1];
  int top = 63 - __builtin_clzll(differ);
  int shift = top >= bits - 1 ? top - (bits - 1) : 0;
  memset(end, 0, (radix + 1) * sizeof *end); /* counts, then digit ends */
  for (size_t i = lo; i < hi; i++)
    end[((load(tk, i) >> shift) & (radix - 1)) + 1]++;
  for (size_t d = 0; d < radix; d++)
    end[d + 1] += end[d];
  for (size_t i = lo; i < hi; i++) {
    uint64_t key = load(tk, i);
    size_t to = lo + end[(key >> shift) & (radix - 1)]++;
    store(k, to, key);
    p[to] = tp[i];
  }
  for (size_t d = 0, a = lo; d < radix; d++) {
    size_t b = lo + end[d];
    if (b - a > TINY) { /* back to the scratch, sorted on the bits below */
      memcpy(tk + a, k + a, (b - a) * sizeof *k);
      memcpy(tp + a, p + a, (b - a) * sizeof *p);
      sort_bucket(k, p, tk, tp, a, b, cnt, shift);
    } else if (b - a > 1) {
      insertion(k, p, a, b);
    }
    a = b;
  }
}

/* The buffers an LSD sort passes between: it reads the keys and positions
 * (sk, sp) and writes (dk, dp), which the next pass reads. */
typedef struct pingpong {
  double *sk, *dk;
  uint32_t *sp, *dp;
} pingpong;

/* After a pass: what it wrote is what the next one reads. */
static void pingpong_flip(pingpong *b) {
  double *k = b->sk;
  uint32_t *p = b->sp;
  b->sk = b->dk;
  b->dk = k;
  b->sp = b->dp;
  b->dp = p;
}

/* After the last pass: [lo, hi) sorted into (k, p), copied there if the
 * passes left it in the other buffers. */
static void pingpong_settle(const pingpong *b, double *k, uint32_t *p,
                            size_t lo, size_t hi) {
  if (b->sk != k) {
    memcpy(k + lo, b->sk + lo, (hi - lo) * sizeof *k);
    memcpy(p + lo, b->sp + lo, (hi - lo) * sizeof *p);
  }
}

/* Sorts one bucket [lo, hi) on its low key_bits bits, from (tk, tp) into
 * (k, p), on one thread; cnt is scratch of LOW_PASSES × LOW. Buckets of
 * fewer than SMALL_BUCKET keys by sort_msd; larger ones by LSD passes on
 * digits of LOW_BITS bits. */
static void sort_bucket(double *k, uint32_t *p, double *tk, uint32_t *tp,
                        size_t lo, size_t hi, uint32_t *cnt, int key_bits) {
  size_t n = hi - lo;
  if (n <= TINY) {
    memcpy(k + lo, tk + lo, n * sizeof *k);
    memcpy(p + lo, tp + lo, n * sizeof *p);
    insertion(k, p, lo, hi);
    return;
  }
  if (n < SMALL_BUCKET) {
    sort_msd(k, p, tk, tp, lo, hi, cnt);
    return;
  }
  int passes = (key_bits + LOW_BITS - 1) / LOW_BITS;
  memset(cnt, 0, (size_t)passes * LOW * sizeof *cnt);
  for (size_t i = lo; i < hi; i++) {
    uint64_t key = load(tk, i);
    for (int d = 0; d < passes; d++)
      cnt[(size_t)d * LOW + low_digit(key, d)]++;
  }
  pingpong b = {tk, k, tp, p};
  for (int d = 0; d < passes; d++) {
    uint32_t *c = cnt + (size_t)d * LOW, at = 0;
    int trivial = 0;
    for (size_t j = 0; j < LOW; j++) {
      uint32_t x = c[j];
      trivial |= x == n;
      c[j] = at;
      at += x;
    }
    if (trivial)
      continue;
    for (size_t i = lo; i < hi; i++) {
      uint64_t key = load(b.sk, i);
      size_t to = lo + c[low_digit(key, d)]++;
      store(b.dk, to, key);
      b.dp[to] = b.sp[i];
    }
    pingpong_flip(&b);
  }
  pingpong_settle(&b, k, p, lo, hi);
}

/* Sorts a large bucket [lo, hi) on its low 48 bits, from (tk, tp) into
 * (k, p), with parallel passes. */
static void sort_large_bucket(double *k, uint32_t *p, double *tk, uint32_t *tp,
                              size_t lo, size_t hi, size_t *hist, int threads) {
  pingpong b = {tk, k, tp, p};
  for (int d = 0; d < LOW_PASSES; d++)
    if (parallel_pass(b.sk, b.sp, b.dk, b.dp, lo, hi, d * LOW_BITS, LOW, hist,
                      NULL, threads))
      pingpong_flip(&b);
  pingpong_settle(&b, k, p, lo, hi);
}

/* Sorts every bucket: the small ones shared among the threads, the large
 * ones (more than a thread's fair share) one after the other with every
 * thread. */
static void sort_buckets(double *k, uint32_t *p, double *tk, uint32_t *tp,
                         size_t n, const size_t *start, uint32_t *cnt,
                         size_t *hist, int threads) {
  size_t large = threads > 1 ? n / (size_t)(2 * threads) : n;
  large = large < ((size_t)1 << 16) ? ((size_t)1 << 16) : large;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 64)
  for (size_t b = 0; b < TOP; b++)
    if (start[b + 1] - start[b] <= large)
      sort_bucket(k, p, tk, tp, start[b], start[b + 1],
                  cnt + (size_t)omp_get_thread_num() * LOW_PASSES * LOW, 48);
  for (size_t b = 0; b < TOP; b++)
    if (start[b + 1] - start[b] > large)
      sort_large_bucket(k, p, tk, tp, start[b], start[b + 1], hist, threads);
}

/* A sort too small to gain from the 2^16 buckets of the top pass (clearing
 * and adding up their counters would cost more than a pass over the keys):
 * one bucket of 64 bits, split on the bits in which its keys differ. */
static int sort_small(double *keys, uint32_t *pos, size_t n, double *tmp_keys,
                      uint32_t *tmp_pos) {
  /* scratch for LSD passes over up to 64 bits of a large sub-bucket */
  uint32_t *cnt = malloc((64 / LOW_BITS + 1) * LOW * sizeof *cnt);
  if (cnt == NULL)
    return -1;
  prepare(keys, pos, n, 1);
  memcpy(tmp_keys, keys, n * sizeof *keys);
  memcpy(tmp_pos, pos, n * sizeof *pos);
  sort_msd(keys, pos, tmp_keys, tmp_pos, 0, n, cnt);
  finish(keys, n, 1);
  free(cnt);
  return 0;
}

int crq_radix_sort(double *keys, uint32_t *pos, size_t n, double *tmp_keys,
                   uint32_t *tmp_pos, int threads) {
  if (n < TOP)
    return sort_small(keys, pos, n, tmp_keys, tmp_pos);
  if (threads < 1 || n < ((size_t)1 << 16))
    threads = 1;
  size_t *start = malloc((TOP + 1) * sizeof *start);
  size_t *hist = malloc((size_t)threads * TOP * sizeof *hist);
  uint32_t *cnt = malloc((size_t)threads * LOW_PASSES * LOW * sizeof *cnt);
  if (start && hist && cnt) {
    prepare(keys, pos, n, threads);
    /* The top pass always moves the keys to tmp, where the buckets start. */
    if (!parallel_pass(keys, pos, tmp_keys, tmp_pos, 0, n, TOP_SHIFT, TOP, hist,
                       start, threads)) {
      memcpy(tmp_keys, keys, n * sizeof *keys);
      memcpy(tmp_pos, pos, n * sizeof *pos);
    }
    sort_buckets(keys, pos, tmp_keys, tmp_pos, n, start, cnt, hist, threads);
    finish(keys, n, threads);
  }
  int rc = start && hist && cnt ? 0 : -1;
  free(start);
  free(hist);
  free(cnt);
  return rc;
}
