/* tests/unit/test_report_table.c — text tables aligned by display width:
 * Japanese characters take two columns, so a column after a Japanese name
 * must start where it starts after an ASCII one. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "report/table.h"

Test(report_table, display_width_of_japanese) {
  cr_expect_eq(crq_text_width("情報盗難"), 8);
  cr_expect_eq(crq_text_width("80億円"), 6);
  cr_expect_eq(crq_text_width("¥14.1B"), 6);
  cr_expect_eq(crq_text_width("abc"), 3);
  cr_expect_eq(crq_text_width(""), 0);
}

/* Renders a table into a string. */
static char *render(const crq_table *t, int indent) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  crq_table_print(t, f, indent);
  fclose(f);
  return buf;
}

Test(report_table, columns_align_by_display_width) {
  crq_table t;
  crq_table_init(&t, 3, (crq_align[]){CRQ_LEFT, CRQ_RIGHT, CRQ_LEFT});
  crq_table_add(&t, (const char *[]){"Name", "Amount", "Note"});
  crq_table_add(&t, (const char *[]){"情報盗難", "80億円", "ja"});
  crq_table_add(&t, (const char *[]){"Response", "1億円", NULL});
  crq_table_add(&t, (const char *[]){"停止", "¥2B", "x"});
  cr_assert_not(t.failed);
  char *s = render(&t, 2);
  cr_expect_str_eq(s, "  Name      Amount  Note\n"
                      "  ----------------------\n"
                      "  情報盗難  80億円  ja\n"
                      "  Response   1億円\n"
                      "  停止         ¥2B  x\n");
  free(s);
  crq_table_free(&t);
}

Test(report_table, headerless_has_no_rule) {
  crq_table t;
  crq_table_init(&t, 2, NULL);
  t.headerless = 1;
  crq_table_add(&t, (const char *[]){"最大損失額", "141億円 → 97億円"});
  crq_table_add(&t, (const char *[]){"EAL", "7億円"});
  char *s = render(&t, 0);
  cr_expect_str_eq(s, "最大損失額  141億円 → 97億円\n"
                      "EAL         7億円\n");
  free(s);
  crq_table_free(&t);
}
