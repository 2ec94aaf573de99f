/* tests/fuzz/fuzz_model.c — libFuzzer harness for the model loader.
 *
 * Feeds arbitrary bytes to crq_model_load_buffer and, when they load,
 * writes the model back and loads that again: the loader must never
 * crash, leak or hang whatever it is given, and whatever it accepts must
 * round-trip. Built and run by scripts/fuzz.sh (docs/fuzzing.md). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crq/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Writes m to a memory buffer; returns it (free with free()) or NULL. */
static char *show(const crq_model *m, size_t *len) {
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  crq_diags diags;
  crq_diags_init(&diags);
  crq_model *m = NULL;
  if (crq_model_load_buffer((const char *)data, size, "fuzz", &diags, &m) ==
      CRQ_OK) {
    size_t len1 = 0, len2 = 0;
    char *once = show(m, &len1);
    crq_model *again = NULL;
    if (!once ||
        crq_model_load_buffer(once, len1, "shown", &diags, &again) != CRQ_OK)
      abort(); /* what loads must show and load back */
    char *twice = show(again, &len2);
    if (!twice || len1 != len2 || memcmp(once, twice, len1) != 0)
      abort(); /* and show the same */
    free(once);
    free(twice);
    crq_model_free(again);
  }
  crq_model_free(m);
  crq_diags_free(&diags);
  return 0;
}
