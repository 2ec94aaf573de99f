/* tests/fuzz/fuzz_import.c — libFuzzer harness for the CSV importer
 * (`crq import`, crq_model_import_csv_buffer).
 *
 * The input is a CSV file's bytes. Whatever they are, the importer must
 * not crash, leak or hang; a refusal must carry a diagnostic; and a CSV it
 * converts must give a model file that loads (the header's promise) and
 * round-trips through crq_model_write_yaml, as fuzz_model.c checks of
 * every model the loader accepts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "crq/crq.h"
#include "fuzz_round_trip.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  crq_diags d;
  crq_diags_init(&d);
  char *yaml = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&yaml, &len);
  if (!out)
    abort();
  crq_status st = crq_model_import_csv_buffer((const char *)data, size,
                                              "fuzz.csv", out, &d);
  if (fclose(out) != 0)
    abort();
  if (st != CRQ_OK && d.count == 0)
    abort(); /* a refusal without a word */
  if (st == CRQ_OK) {
    crq_model *m = NULL;
    crq_diags_clear(&d);
    if (crq_model_load_buffer(yaml, len, "imported.yaml", &d, &m) != CRQ_OK)
      abort(); /* the importer wrote a model the loader refuses */
    fuzz_check_round_trip(m);
    crq_model_free(m);
  }
  free(yaml);
  crq_diags_free(&d);
  return 0;
}
