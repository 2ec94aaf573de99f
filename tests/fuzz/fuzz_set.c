/* tests/fuzz/fuzz_set.c — libFuzzer harness for what-if assignments
 * (`--set PATH=VALUE`, crq/model.h).
 *
 * The input is one mode byte followed by assignments, one per line, that
 * are applied to the JCIC example (CRQ_FUZZ_MODEL, compiled in by
 * scripts/fuzz.sh): mode bit 0 chooses the public entry point —
 * crq_model_override on the loaded model (paths name canonical keys) or
 * crq_model_load_buffer_set on the file's own text (its spelling: p05,
 * 億) — and bit 1 asks for a short simulation and a JSON report of a
 * model that loads. Neither the paths nor the values are tied to the
 * model: whatever the assignments are, the library must not crash, leak
 * or hang, a refusal must carry a diagnostic, and an accepted model must
 * round-trip through crq_model_write_yaml (as in fuzz_model.c) and
 * simulate to CRQ_OK or a documented refusal. docs/robustness.md records
 * the campaigns.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crq/crq.h"
#include "fuzz_round_trip.h"

#ifndef CRQ_FUZZ_MODEL
#error "CRQ_FUZZ_MODEL: the model file the assignments apply to"
#endif

/* More assignments than this add nothing a fuzzer cannot reach with
 * fewer, and keep each execution short. */
#define MAX_SETS 16

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The model and its text, loaded once for every input. */
static crq_model *base;
static char *base_text;
static size_t base_len;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  FILE *f = fopen(CRQ_FUZZ_MODEL, "rb");
  FILE *m = open_memstream(&base_text, &base_len);
  char chunk[4096];
  size_t n;
  while (f && m && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
    fwrite(chunk, 1, n, m);
  if (!f || !m || fclose(m) != 0)
    abort();
  fclose(f);
  crq_diags d;
  crq_diags_init(&d);
  if (crq_model_load_buffer(base_text, base_len, CRQ_FUZZ_MODEL, &d, &base) !=
      CRQ_OK)
    abort();
  crq_diags_free(&d);
  return 0;
}

/* A few trials on one thread and the JSON report: a refusal must be one
 * the documentation lists for a model that loaded (a limit, a numeric
 * overflow) and must say why. */
static void check_simulation(const crq_model *m) {
  crq_sim_options o;
  crq_sim_options_init(&o);
  o.trials = 8;
  o.threads = 1;
  crq_diags d;
  crq_diags_init(&d);
  crq_result *r = NULL;
  crq_status st = crq_simulate(m, &o, &r, &d);
  if (st == CRQ_OK) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    crq_report_options ro;
    crq_report_options_init(&ro);
    ro.format = "json";
    ro.now = 1;
    if (!f || crq_report_write(r, &ro, f, &d) != CRQ_OK)
      abort();
    fclose(f);
    free(buf);
  } else if ((st != CRQ_ERR_LIMIT && st != CRQ_ERR_NUMERIC) || d.count == 0) {
    abort();
  }
  crq_result_free(r);
  crq_diags_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  unsigned mode = data[0];
  /* Assignments are C strings: split the rest at newlines and NULs. */
  char *text = malloc(size);
  memcpy(text, data + 1, size - 1);
  text[size - 1] = '\0';
  const char *sets[MAX_SETS];
  size_t n = 0;
  for (char *p = text; n < MAX_SETS && p < text + size - 1;) {
    size_t len = strcspn(p, "\n");
    p[len] = '\0';
    sets[n++] = p;
    p += len + 1;
  }
  crq_diags d;
  crq_diags_init(&d);
  crq_model *m = NULL;
  crq_status st =
      mode & 1 ? crq_model_override(base, sets, n, &d, &m)
               : crq_model_load_buffer_set(base_text, base_len, CRQ_FUZZ_MODEL,
                                           sets, n, &d, &m);
  if ((st == CRQ_OK) != (m != NULL) || (st != CRQ_OK && d.count == 0))
    abort(); /* a model exactly on success, a reason on failure */
  for (size_t i = 0; i < d.count; i++)
    if (!d.items[i].message || !*d.items[i].message)
      abort();
  if (m) {
    fuzz_check_round_trip(m);
    if (mode & 2)
      check_simulation(m);
  }
  crq_model_free(m);
  crq_diags_free(&d);
  free(text);
  return 0;
}
