/* engine/model/load_ids.c — sorted id indexes: uniqueness of scenario, KPI
 * and measure ids and look-ups of the ids that measures refer to, in
 * O(n log n) so that a file with many scenarios cannot make loading slow
 * (see crq_id_entry in load.h). */
#include <stdlib.h>
#include <string.h>

#include "load.h"

static int by_id(const void *a, const void *b) {
  const crq_id_entry *x = a, *y = b;
  int c = strcmp(x->id, y->id);
  if (c)
    return c;
  return (x->index > y->index) - (x->index < y->index);
}

/* Sorts entries by id (ties by index). */
static void id_sort(crq_id_entry *entries, size_t n) {
  if (n > 1)
    qsort(entries, n, sizeof *entries, by_id);
}

long crq_id_find(const crq_id_entry *entries, size_t n, const char *id) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(entries[mid].id, id);
    if (c == 0) {
      while (mid > lo && strcmp(entries[mid - 1].id, id) == 0)
        mid--; /* the first of duplicates */
      return (long)entries[mid].index;
    }
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return -1;
}

crq_id_entry *crq_id_index(crq_load *ld, const void *base, size_t stride,
                           size_t n, size_t id_off, size_t mark_off,
                           const char *what, size_t *count) {
  const char *bytes = base;
  *count = 0;
  if (n == 0)
    return NULL;
  crq_id_entry *e = malloc(n * sizeof *e);
  if (!e) {
    crq_load_error(ld, NULL, "out of memory; expected a smaller model");
    return NULL;
  }
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    const char *id = *(char *const *)(bytes + i * stride + id_off);
    if (id)
      e[k++] = (crq_id_entry){id, i};
  }
  id_sort(e, k);
  for (size_t i = 1, first = 0; i < k; i++) {
    if (strcmp(e[i].id, e[first].id) != 0) {
      first = i;
      continue;
    }
    const crq_mark *m =
        (const crq_mark *)(bytes + e[i].index * stride + mark_off);
    const crq_mark *f =
        (const crq_mark *)(bytes + e[first].index * stride + mark_off);
    crq_load_error_at(ld, m->line, m->column,
                      "duplicate %s id '%s' (first at %d:%d); expected "
                      "unique ids",
                      what, e[i].id, f->line, f->column);
  }
  *count = k;
  return e;
}
