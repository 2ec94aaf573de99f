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
#include "fuzz_round_trip.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  crq_diags diags;
  crq_diags_init(&diags);
  crq_model *m = NULL;
  if (crq_model_load_buffer((const char *)data, size, "fuzz", &diags, &m) ==
      CRQ_OK)
    fuzz_check_round_trip(m);
  crq_model_free(m);
  crq_diags_free(&diags);
  return 0;
}
