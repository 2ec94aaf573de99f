/* crq/crq.h — the public API of libcrq, a cyber-risk quantification engine.
 *
 *   crq_model *m; crq_result *r; crq_diags d = {0};
 *   if (crq_model_load_file("model.yaml", &d, &m) != CRQ_OK) {
 *     crq_diags_print(&d, stderr); ...
 *   }
 *   crq_sim_options o; crq_sim_options_init(&o);
 *   crq_simulate(m, &o, &r, &d);
 *   printf("EAL %.0f\n", crq_result_eal(r, CRQ_BASELINE).value);
 *
 * Nothing in the library prints or exits, and it keeps no global state of its
 * own. One process-wide setting is changed: GSL's abort-on-error handler is
 * switched off (once, thread-safely) the first time the library is used.
 */
#ifndef CRQ_CRQ_H
#define CRQ_CRQ_H

#include "crq/analysis.h"
#include "crq/kpi.h"
#include "crq/model.h"
#include "crq/report.h"
#include "crq/result.h"
#include "crq/sim.h"
#include "crq/status.h"
#include "crq/version.h"
#include "crq/whatif.h"

#endif
