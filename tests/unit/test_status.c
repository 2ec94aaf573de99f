/* tests/unit/test_status.c — the diagnostics list: order, format, cap. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "crq/status.h"

Test(status, diags_keep_order_and_format) {
  crq_diags d;
  crq_diags_init(&d);
  crq_diags_add(&d, CRQ_ERR_INPUT, "m.yaml", 3, 7, "bad %s", "value");
  crq_diags_add(&d, CRQ_ERR_IO, NULL, 0, 0, "second");
  cr_assert_eq(d.count, 2);
  cr_assert_eq(crq_diags_status(&d), CRQ_ERR_INPUT);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  crq_diags_print(&d, f);
  fclose(f);
  cr_assert_str_eq(buf, "m.yaml:3:7: bad value\ncrq: second\n");
  free(buf);
  crq_diags_free(&d);
  cr_assert_eq(d.count, 0);
}

/* A note goes on the messages at a file's lines from `from` on: not on
 * earlier ones, on those without a file, or on those about an option. */
Test(status, notes_go_on_file_messages_only) {
  crq_diags d;
  crq_diags_init(&d);
  crq_diags_add(&d, CRQ_ERR_INPUT, "m.yaml", 1, 1, "before");
  crq_diags_add(&d, CRQ_ERR_INPUT, "m.yaml", 3, 7, "at a line");
  crq_diags_add(&d, CRQ_ERR_INPUT, "m.yaml", 0, 0, "of the file");
  crq_diags_add(&d, CRQ_ERR_INPUT, "--set a=1", 0, 0, "of an option");
  crq_diags_add(&d, CRQ_ERR_NOMEM, NULL, 0, 0, "of none");
  crq_diags_note(&d, 1, "at %s", "x=2");
  cr_expect_str_eq(d.items[0].message, "before");
  cr_expect_str_eq(d.items[1].message, "at a line (at x=2)");
  cr_expect_str_eq(d.items[2].message, "of the file");
  cr_expect_str_eq(d.items[3].message, "of an option");
  cr_expect_str_eq(d.items[4].message, "of none");
  crq_diags_note(&d, 0, "at %s", "x=2"); /* once is enough */
  cr_expect_str_eq(d.items[1].message, "at a line (at x=2)");
  crq_diags_note(NULL, 0, "nothing to note");
  crq_diags_free(&d);
}

Test(status, diags_are_capped) {
  crq_diags d;
  crq_diags_init(&d);
  for (int i = 0; i < CRQ_DIAGS_MAX + 5; i++)
    crq_diags_add(&d, CRQ_ERR_INPUT, "f", i + 1, 1, "e%d", i);
  cr_assert_eq(d.count, CRQ_DIAGS_MAX);
  cr_assert_eq(d.dropped, 5);
  crq_diags_free(&d);
}

Test(status, strerror_names_every_status) {
  for (int s = CRQ_OK; s <= CRQ_ERR_INTERNAL; s++)
    cr_assert_str_neq(crq_strerror((crq_status)s), "unknown status");
}
