/* tests/fuzz/fuzz_round_trip.h — the round-trip check both harnesses make.
 *
 * Whatever model the loader accepts (from raw bytes in fuzz_model.c, after
 * --set assignments in fuzz_set.c) must write back as YAML that loads
 * again and writes back to the same bytes. Header-only: scripts/fuzz.sh
 * builds each harness from its one .c file. */
#ifndef CRQ_FUZZ_ROUND_TRIP_H
#define CRQ_FUZZ_ROUND_TRIP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crq/model.h"

/* Writes m to a memory buffer; returns it (free with free()) or NULL. */
static char *fuzz_show(const crq_model *m, size_t *len) {
  char *buf = NULL;
  FILE *f = open_memstream(&buf, len);
  if (!f)
    return NULL;
  int ok = crq_model_write_yaml(m, f) == CRQ_OK;
  fclose(f);
  if (!ok) {
    free(buf);
    return NULL;
  }
  return buf;
}

/* What loads must show, load back and show the same bytes. */
static void fuzz_check_round_trip(const crq_model *m) {
  crq_diags d;
  crq_diags_init(&d);
  size_t len1 = 0, len2 = 0;
  char *once = fuzz_show(m, &len1);
  crq_model *again = NULL;
  if (!once || crq_model_load_buffer(once, len1, "shown", &d, &again) != CRQ_OK)
    abort();
  char *twice = fuzz_show(again, &len2);
  if (!twice || len1 != len2 || memcmp(once, twice, len1) != 0)
    abort();
  free(once);
  free(twice);
  crq_model_free(again);
  crq_diags_free(&d);
}

#endif
