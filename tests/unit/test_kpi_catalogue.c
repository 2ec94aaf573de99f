/* tests/unit/test_kpi_catalogue.c — the shipped KPI catalogue parses and
 * holds the JCIC annex entries with their stage, type and direction, and
 * prints as a table (crq_kpi_catalogue_write). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crq/kpi.h"

Test(kpi_catalogue, holds_the_jcic_annex_and_extras) {
  crq_kpi_catalogue *cat = NULL;
  cr_assert_eq(crq_kpi_catalogue_open(&cat), CRQ_OK);
  /* 27 annex KPIs + 6 from figure 1 + 6 ISMS objectives */
  cr_assert_eq(crq_kpi_catalogue_count(cat), 39);
  const crq_kpi_info *k = crq_kpi_catalogue_find(cat, "1.2.2");
  cr_assert_not_null(k);
  cr_assert_str_eq(k->stage, "improving");
  cr_assert_str_eq(k->type, "compliance");
  cr_assert_str_eq(k->target, "100");
  cr_assert_str_eq(k->name_ja, "個人情報の匿名化、非保持化");
  cr_assert_eq(k->lower_is_better, 0);
  const crq_kpi_info *mttd = crq_kpi_catalogue_find(cat, "1.11.1");
  cr_assert_eq(mttd->lower_is_better, 1);
  cr_assert_null(crq_kpi_catalogue_find(cat, "9.9.9"));
  crq_kpi_catalogue_free(cat);
}

Test(kpi_catalogue, every_entry_has_valid_stage_and_type) {
  static const char *stages[] = {"initial", "improving", "optimizing"};
  static const char *types[] = {"compliance", "training", "org_process",
                                "evaluation", "industry"};
  crq_kpi_catalogue *cat = NULL;
  cr_assert_eq(crq_kpi_catalogue_open(&cat), CRQ_OK);
  for (size_t i = 0; i < crq_kpi_catalogue_count(cat); i++) {
    const crq_kpi_info *k = crq_kpi_catalogue_get(cat, i);
    int ok_stage = 0, ok_type = 0;
    for (size_t s = 0; s < 3; s++)
      ok_stage |= strcmp(k->stage, stages[s]) == 0;
    for (size_t t = 0; t < 5; t++)
      ok_type |= strcmp(k->type, types[t]) == 0;
    cr_assert(ok_stage, "%s: stage '%s'", k->id, k->stage);
    cr_assert(ok_type, "%s: type '%s'", k->id, k->type);
    cr_assert(k->name_ja[0] && k->name_en[0], "%s: names", k->id);
  }
  crq_kpi_catalogue_free(cat);
}

/* The catalogue as a table, through the API: the filters, both languages
 * and the mistakes it reports (the alignment by display width is
 * test_report_table.c's). */
Test(kpi_catalogue, writes_the_table_crq_kpi_list_prints) {
  crq_kpi_catalogue *cat = NULL;
  cr_assert_eq(crq_kpi_catalogue_open(&cat), CRQ_OK);
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&text, &len);
  cr_assert_eq(crq_kpi_catalogue_write(cat, out, "initial", "training", 0),
               CRQ_OK);
  fclose(out);
  size_t lines = 0;
  for (const char *p = text; *p; p++)
    lines += *p == '\n';
  size_t want = 0; /* header and rule, then each matching entry */
  for (size_t i = 0; i < crq_kpi_catalogue_count(cat); i++) {
    const crq_kpi_info *k = crq_kpi_catalogue_get(cat, i);
    want +=
        strcmp(k->stage, "initial") == 0 && strcmp(k->type, "training") == 0;
  }
  cr_assert_gt(want, 0);
  cr_assert_eq(lines, 2 + want, "%s", text);
  cr_assert(strncmp(text, "id ", 3) == 0 && strstr(text, "direction"), "%s",
            text);
  cr_assert_null(strstr(text, "improving"), "%s", text);
  free(text);
  /* Japanese headings and names */
  out = open_memstream(&text, &len);
  cr_assert_eq(crq_kpi_catalogue_write(cat, out, NULL, NULL, 1), CRQ_OK);
  fclose(out);
  cr_assert_not_null(strstr(text, "段階"), "%s", text);
  cr_assert_not_null(strstr(text, crq_kpi_catalogue_get(cat, 0)->name_ja));
  free(text);
  cr_assert_eq(crq_kpi_catalogue_write(NULL, stdout, NULL, NULL, 0),
               CRQ_ERR_USAGE);
  cr_assert_eq(crq_kpi_catalogue_write(cat, NULL, NULL, NULL, 0),
               CRQ_ERR_USAGE);
  crq_kpi_catalogue_free(cat);
}
