/* tests/unit/test_exports.c — the shared libcrq exports its public API
 * (include/crq/) and nothing else (cmake/exports.cmake): a program linked
 * to it finds crq_simulate but not the engine's own functions, which may
 * change at any release. */
#include <criterion/criterion.h>
#include <dlfcn.h>

Test(exports, the_shared_library_offers_the_public_api_only) {
  void *lib = dlopen(CRQ_SHARED_LIB, RTLD_NOW | RTLD_LOCAL);
  cr_assert_not_null(lib, "%s", dlerror());
  static const char *const public[] = {
      "crq_simulate",  "crq_model_load_file", "crq_report_write",
      "crq_sim_check", "crq_comm_world",      "crq_version"};
  static const char *const internal[] = {"crq_plan_compile", "crq_batch_init",
                                         "crq_suggest", "crq_parse_whole",
                                         "crq_ytree_parse"};
  for (size_t i = 0; i < sizeof public / sizeof public[0]; i++)
    cr_expect_not_null(dlsym(lib, public[i]), "%s", public[i]);
  for (size_t i = 0; i < sizeof internal / sizeof internal[0]; i++)
    cr_expect_null(dlsym(lib, internal[i]), "%s", internal[i]);
  dlclose(lib);
}
