/* examples/consumer/consumer.c — the smallest program using libcrq from
 * outside the project: load a model, simulate, print the headline figures.
 * Built in CI against the installed library through find_package(crq) and
 * through pkg-config (scripts/consumer.sh), so packaging stays honest.
 *
 *   consumer MODEL.yaml [TRIALS]
 */
#include <crq/crq.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s MODEL.yaml [TRIALS]\n", argv[0]);
    return 2;
  }
  crq_diags diags;
  crq_diags_init(&diags);
  crq_model *model = NULL;
  if (crq_model_load_file(argv[1], &diags, &model) != CRQ_OK) {
    crq_diags_print(&diags, stderr);
    crq_diags_free(&diags);
    return 2;
  }
  crq_sim_options opts;
  crq_sim_options_init(&opts);
  if (argc > 2)
    opts.trials = strtoull(argv[2], NULL, 10);
  crq_result *result = NULL;
  crq_status st = crq_simulate(model, &opts, &result, &diags);
  if (st != CRQ_OK) {
    crq_diags_print(&diags, stderr);
    fprintf(stderr, "consumer: %s\n", crq_strerror(st));
    crq_model_free(model);
    crq_diags_free(&diags);
    return 1;
  }
  crq_estimate eal = crq_result_eal(result, CRQ_BASELINE);
  printf("crq %s: %s\n", crq_version(), crq_model_name(model));
  printf("maximum loss %.0f, EAL %.0f (se %.0f) over %llu trials\n",
         crq_result_max_loss(result, CRQ_BASELINE), eal.value, eal.se,
         (unsigned long long)crq_result_trials(result));
  crq_result_free(result);
  crq_model_free(model);
  crq_diags_free(&diags);
  return 0;
}
