/* engine/sim/stream.c — histogram sets of streaming runs (see stream.h). */
#include "sim/stream.h"

#include <stdlib.h>
#include <string.h>

crq_stream *crq_stream_new(int n_variants) {
  crq_stream *s = calloc(1, sizeof *s);
  if (s == NULL)
    return NULL;
  s->n_variants = n_variants;
  for (int v = 0; v < CRQ_MAX_VARIANTS; v++)
    for (int b = 0; b < 2; b++) {
      crq_hist_init(&s->all[v][b], CRQ_HIST_FINE);
      for (int i = 0; i < CRQ_BATCHES; i++)
        crq_hist_init(&s->batch[v][b][i], CRQ_HIST_COARSE);
    }
  return s;
}

void crq_stream_free(crq_stream *s) {
  if (s == NULL)
    return;
  for (int v = 0; v < CRQ_MAX_VARIANTS; v++)
    for (int b = 0; b < 2; b++) {
      crq_hist_free(&s->all[v][b]);
      for (int i = 0; i < CRQ_BATCHES; i++)
        crq_hist_free(&s->batch[v][b][i]);
    }
  free(s);
}

int crq_stream_merge(crq_stream *s, const crq_stream *from) {
  int rc = 0;
  for (int v = 0; v < s->n_variants; v++)
    for (int b = 0; b < 2; b++) {
      rc |= crq_hist_merge(&s->all[v][b], &from->all[v][b]);
      for (int i = 0; i < CRQ_BATCHES; i++)
        rc |= crq_hist_merge(&s->batch[v][b][i], &from->batch[v][b][i]);
      if (from->max[v][b] > s->max[v][b])
        s->max[v][b] = from->max[v][b];
    }
  return rc;
}

/* One histogram over the processes: which pages anyone has, then those
 * pages' counts, summed. */
static int hist_allreduce(crq_hist *h, const crq_comm *comm) {
  uint64_t has[CRQ_HIST_PAGES + 2];
  for (unsigned e = 0; e < CRQ_HIST_PAGES; e++)
    has[e] = h->page[e] != NULL;
  has[CRQ_HIST_PAGES] = h->nonpositive;
  has[CRQ_HIST_PAGES + 1] = (uint64_t)h->nomem;
  crq_comm_sum_u64(comm, has, CRQ_HIST_PAGES + 2);
  h->nonpositive = has[CRQ_HIST_PAGES];
  for (unsigned e = 0; e < CRQ_HIST_PAGES; e++) {
    if (has[e] == 0)
      continue;
    if (h->page[e] == NULL)
      crq_hist_make_page(h, e);
    /* A process out of memory still takes part (with scratch on the
     * stack), so that the collective calls match; it then fails. */
    uint64_t scratch[(size_t)1 << CRQ_HIST_FINE];
    size_t slots = (size_t)1 << h->bits;
    uint64_t *page = h->page[e];
    if (page == NULL) {
      memset(scratch, 0, slots * sizeof *scratch);
      page = scratch;
    }
    crq_comm_sum_u64(comm, page, slots);
  }
  return has[CRQ_HIST_PAGES + 1] || h->nomem ? -1 : 0;
}

int crq_stream_allreduce(crq_stream *s, const crq_comm *comm) {
  int rc = 0;
  for (int v = 0; v < s->n_variants; v++)
    for (int b = 0; b < 2; b++) {
      rc |= hist_allreduce(&s->all[v][b], comm);
      for (int i = 0; i < CRQ_BATCHES; i++)
        rc |= hist_allreduce(&s->batch[v][b][i], comm);
      crq_comm_max_f64(comm, &s->max[v][b], 1);
    }
  return rc;
}

void crq_store_stream(crq_store *s, uint64_t t, int nv, const double *aep,
                      const double *oep) {
  if (t >= s->batch_end)
    crq_store_seek(s, t);
  crq_stream *st = s->stream;
  for (int v = 0; v < nv; v++) {
    crq_hist_add(&st->all[v][0], aep[v]);
    crq_hist_add(&st->all[v][1], oep[v]);
    crq_hist_add(&st->batch[v][0][s->batch], aep[v]);
    crq_hist_add(&st->batch[v][1][s->batch], oep[v]);
    st->max[v][0] = aep[v] > st->max[v][0] ? aep[v] : st->max[v][0];
    st->max[v][1] = oep[v] > st->max[v][1] ? oep[v] : st->max[v][1];
  }
}

void crq_store_years(crq_store *s, uint64_t t, size_t n, int nv,
                     double *const *aep, double *const *oep) {
  if (s->tally) {
    for (int v = 0; v < nv; v++)
      crq_band_add(&s->tally[v], &s->band[v], aep[v], n);
    return;
  }
  for (size_t i = 0; i < n; i++) {
    double a[CRQ_MAX_VARIANTS], o[CRQ_MAX_VARIANTS];
    for (int v = 0; v < nv; v++) {
      a[v] = aep[v][i];
      o[v] = oep[v][i];
    }
    crq_store_stream(s, t + i, nv, a, o);
  }
}

void crq_store_seek(crq_store *s, uint64_t t) {
  s->batch = (int)((unsigned __int128)t * (unsigned)s->n_batches / s->trials);
  s->batch_end = crq_batch_start(s->trials, s->n_batches, s->batch + 1);
}
