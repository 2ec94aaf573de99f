/* engine/sim/stream.c — histogram sets of streaming runs (see stream.h). */
#include "sim/stream.h"

#include <stdlib.h>

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

void crq_store_seek(crq_store *s, uint64_t t) {
  s->batch = (int)((unsigned __int128)t * (unsigned)s->n_batches / s->trials);
  s->batch_end = crq_batch_start(s->trials, s->n_batches, s->batch + 1);
}
