/* engine/sim/band.h — what a run keeps of its years when it knows which
 * order statistics it must give (crq_sim_options.quantiles).
 *
 * Floyd & Rivest's selection (stats/select.h) takes two passes over the
 * years: one to bound the wanted ranks from a sample, one to count the
 * years below the bounds and collect those between them. A run told its
 * ranks before it starts does the second pass as it simulates, with bounds
 * from a pilot (stats/named.c), so it never keeps the years themselves:
 * at 10⁷ years, a few hundred thousand of the 80 MB.
 *
 * A band set cuts the line of losses at up to CRQ_BAND_EDGES edges into
 * cells: cell 2i lies strictly between edge i − 1 and edge i (cell 0 below
 * the first edge, cell 2n above the last), cell 2i + 1 is edge i itself.
 * Each year adds one to its cell's count, and a year in a kept cell (an
 * even cell whose bit is set in `keep`) is also copied. A rank then lies
 * in the cell where the counts reach it: in an edge's cell it is the
 * edge; in a kept cell it is found among the copies; in any other cell
 * the bounds missed, and the run is repeated with that cell kept too,
 * whose count says what it will hold. Edges and years are compared as
 * order-preserving keys (crq_key_of), so a rank's value is the element a
 * sort would put there, to the bit.
 *
 * Each thread tallies its own years; tallies merge by adding counts and
 * joining copies, so any split of the trials gives the same tally.
 */
#ifndef CRQ_BAND_H
#define CRQ_BAND_H

#include <stddef.h>
#include <stdint.h>

#define CRQ_BAND_EDGES 16
#define CRQ_BAND_CELLS (2 * CRQ_BAND_EDGES + 1)

/* The top bits of a key that index a set's table of cells. */
#define CRQ_BAND_PREFIX_BITS 20

/* One variant's cells: n edges, strictly increasing keys; the unused ones
 * UINT64_MAX, which no finite loss's key reaches, so they count nothing.
 * index (when not NULL: crq_band_index) maps a key's top
 * CRQ_BAND_PREFIX_BITS bits to its cell, or to CRQ_BAND_NEAR when an edge
 * shares them and the key must be compared with the edges; at 2^20
 * prefixes, each 1/256 of a power of two wide, few years fall there. */
#define CRQ_BAND_NEAR 0xff
typedef struct crq_band_set {
  int n;
  uint64_t edge[CRQ_BAND_EDGES];
  uint64_t keep; /* bit c (c even): copy the years of cell c */
  uint8_t *index;
} crq_band_set;

/* Builds s's index (1 MiB). 0, or -1 when out of memory. */
int crq_band_index(crq_band_set *s);
void crq_band_index_free(crq_band_set *s);

/* One variant's years seen through a band set: per cell, how many (in four
 * lanes, the i-th year of a call in lane i mod 4, so that runs of years in
 * one cell do not wait on one counter); the kept years' losses, in no
 * order. */
typedef struct crq_band_tally {
  uint64_t count[4][CRQ_BAND_CELLS];
  double *kept;
  size_t n_kept, cap;
  int nomem; /* a copy found no memory: the tally is incomplete */
} crq_band_tally;

/* An empty tally (no memory yet). */
void crq_band_tally_init(crq_band_tally *t);
void crq_band_tally_free(crq_band_tally *t);

/* Tallies the n losses x[0..n). */
void crq_band_add(crq_band_tally *t, const crq_band_set *s, const double *x,
                  size_t n);

/* Tallies n years of the same loss x (the years without an event). */
void crq_band_add_same(crq_band_tally *t, const crq_band_set *s, double x,
                       size_t n);

/* Adds from into t (from keeps its memory). 0, or -1 when out of memory
 * (t then marked). */
int crq_band_merge(crq_band_tally *t, const crq_band_tally *from);

/* The years of each cell, the lanes added: cells[c] for c < CRQ_BAND_CELLS. */
void crq_band_cells(const crq_band_tally *t, uint64_t cells[CRQ_BAND_CELLS]);

#endif
