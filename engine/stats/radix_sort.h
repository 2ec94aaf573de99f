/* engine/stats/radix_sort.h — O(n) stable sort of doubles with their
 * positions.
 *
 * Quantiles, TVaR and exceedance probabilities read order statistics of up
 * to billions of simulated years; a comparison sort is the bottleneck of a
 * naive engine. The bucketed runs (runs.h) sort a bucket with it when a
 * query first looks inside. Doubles map to unsigned 64-bit keys that order the
 * same way (flip every bit of negatives, the sign bit of the rest), which an
 * LSD radix sort orders in six passes of 11 bits, skipping the passes whose
 * digit is the same for every key. Each pass is parallel over contiguous
 * blocks; the output of a stable sort is unique, so it does not depend on
 * the number of threads.
 */
#ifndef CRQ_RADIX_SORT_H
#define CRQ_RADIX_SORT_H

#include <stddef.h>
#include <stdint.h>

/* Sorts keys[0..n) ascending (NaNs excluded; -0 before +0), stably, and
 * writes into pos[i] the original index of the i-th sorted key. tmp_keys
 * and tmp_pos are scratch of n entries. Runs on up to `threads` OpenMP
 * threads. Returns 0, or -1 when out of memory (keys then unchanged). */
int crq_radix_sort(double *keys, uint32_t *pos, size_t n, double *tmp_keys,
                   uint32_t *tmp_pos, int threads);

#endif
