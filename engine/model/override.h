/* engine/model/override.h — what-if assignments PATH=VALUE applied to a
 * model's YAML tree before validation (internal).
 *
 * `--set scenarios.breach.business_stoppage.downtime_days=10` edits the
 * parsed tree of a model file; the loader then validates the edited tree,
 * so every check and every message is the loader's own. Paths mirror the
 * YAML (docs/what-if.md):
 *   - dotted mapping keys: organisation.annual_revenue, simulation.trials;
 *   - list items by id: scenarios.<id>..., kpis.<id>..., measures.<id>...
 *     (ids may contain dots: the longest id that matches wins), or by
 *     0-based position for lists without ids: risk_appetite.0.limit;
 *   - a missing last key is added, a missing intermediate key becomes a
 *     mapping (the loader then names unknown keys, with "did you mean");
 *   - scenarios.<id>.frequency.rate is an alias for the mean number of
 *     events a year of a poisson, negbin or bernoulli frequency.
 * VALUE is read as one YAML value, scalar or flow ({lognormal: {p05: 1e6,
 * p95: 1e8}}, [1, 2]); an empty VALUE is null.
 *
 * Marks: every node an assignment creates carries line 0 and column k + 1
 * (k its position in the list), so the loader's messages about it can be
 * told apart and re-attributed to "--set PATH=VALUE"; a model element
 * built from such a node has line 0 ("not in the file").
 */
#ifndef CRQ_OVERRIDE_H
#define CRQ_OVERRIDE_H

#include <stddef.h>

#include "crq/status.h"
#include "yaml_tree.h"

/* Applies sets[0..n-1] in order to root (a mapping). Every assignment is
 * tried; mistakes (no '=', an unknown list item, a path through a scalar,
 * a VALUE that is not one YAML value, a second assignment of a value an
 * earlier one of its group set) are appended to diags against the file
 * "--set PATH=VALUE". The groups are sets[0 .. n_base) (the user's) and
 * the rest (a variant's: a sweep's axes, a sensitivity point), which may
 * assign again what the first set. applied (NULL, or n flags) tells
 * which assignments were made; a mistaken one may leave root part
 * changed. Returns the first mistake's status or CRQ_OK. */
crq_status crq_override_apply(crq_ynode *root, const char *const *sets,
                              size_t n_base, size_t n, unsigned char *applied,
                              crq_diags *diags);

/* Re-attributes the diagnostics from index `from` on that the loader made
 * at nodes of assignment k (line 0, column k + 1) to the file
 * "--set <sets[k]>" with no position. */
void crq_override_attribute(crq_diags *diags, size_t from,
                            const char *const *sets, size_t n);

#endif
