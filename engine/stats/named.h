/* engine/stats/named.h — order statistics named before a run
 * (crq_sim_options.quantiles).
 *
 * A run told its quantile levels needs only a few ranks of its annual
 * losses: each level's rank and its interval's ends (order.c), and the
 * largest. For a long run, a pilot of its first years bounds each rank
 * (Floyd & Rivest's sample, drawn before the run instead of after it),
 * the run tallies its years by those bounds (sim/band.h) and copies only
 * the few between them, and the ranks are then selected among the copies.
 * The figures are the exact order statistics; when a bound misses, the
 * tally says where the rank lies, and a second run keeps that cell too.
 */
#ifndef CRQ_NAMED_H
#define CRQ_NAMED_H

#include <stddef.h>
#include <stdint.h>

#include "crq/sim.h"
#include "sim/band.h"

/* The most ranks named quantiles need: three per level, and the largest. */
#define CRQ_NAMED_MAX (3 * CRQ_QUANTILES_MAX + 1)

/* The years of a pilot, and the fewest years of a run worth one (shorter
 * runs keep every year: they take little memory, and a pilot would be a
 * large share of their work). */
#define CRQ_NAMED_PILOT (UINT64_C(1) << 16)
#define CRQ_NAMED_MIN_TRIALS (UINT64_C(1) << 20)

/* ranks[0..) = the distinct ranks among n years that the levels p[0..m)
 * need (crq_quantile_ranks of each, and n), ascending; returns how many. */
int crq_named_ranks(uint64_t n, const double *p, size_t m, uint64_t *ranks);

/* The cells for ranks[0..m) (ascending) among n years, from the annual
 * losses of a pilot of the run's first n0 years: around each rank, the
 * pilot's values within 5 standard deviations of its share of the
 * pilot's ranks. 0, or -1 when out of memory. */
int crq_named_bands(const double *pilot, size_t n0, uint64_t n,
                    const uint64_t *ranks, int m, crq_band_set *set);

/* Whether the tally (of a run with set) holds every rank of ranks[0..m);
 * if not, keeps the cells it missed in set, so that a second run with it
 * holds them all. */
int crq_named_covered(crq_band_set *set, const crq_band_tally *t,
                      const uint64_t *ranks, int m);

/* out[i] = the ranks[i]-th smallest of the years the tally saw, for a
 * tally that holds them (crq_named_covered). 0, or -1 when out of
 * memory. */
int crq_named_select(const crq_band_set *set, const crq_band_tally *t,
                     const uint64_t *ranks, int m, double *out, int threads);

#endif
