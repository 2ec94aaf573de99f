/* tests/unit/test_report_amount.c — amounts, percentages and counts as
 * reports write them: 億/万円 and ¥B/M/K, three significant figures, a
 * shared step for "now → after" pairs, never scientific notation; payback
 * periods. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "report/amount.h"

typedef struct amount_case {
  double x;
  double step; /* 0: three significant figures */
  int ja;
  const char *currency;
  const char *want;
} amount_case;

static const amount_case amount_cases[] = {
    /* the JCIC figures, Japanese */
    {14100004000.0, 0, 1, "JPY", "141億円"},
    {9660002000.0, 0, 1, "JPY", "96.6億円"},
    {9660002000.0, 1e8, 1, "JPY", "97億円"}, /* paired with 141億円 */
    {8000004000.0, 0, 1, "JPY", "80億円"},
    {100000000.0, 0, 1, "JPY", "1億円"},
    {60000000.0, 0, 1, "JPY", "6,000万円"},
    {60000000.0, 1e6, 1, "JPY", "6,000万円"}, /* paired with 1億円 */
    {-4440002000.0, 1e8, 1, "JPY", "-44億円"},
    {123456.0, 0, 1, "JPY", "12.3万円"},
    {999.0, 0, 1, "JPY", "999円"},
    {0.0, 0, 1, "JPY", "0円"},
    {99999999.0, 0, 1, "JPY", "1億円"}, /* rounding moves it up a unit */
    {1.234e12, 0, 1, "JPY", "1.23兆円"},
    {1.5e16, 0, 1, "JPY", "15,000兆円"},
    {1.5e8, 0, 1, "USD", "1.5億 USD"},
    /* English */
    {14100004000.0, 0, 0, "JPY", "¥14.1B"},
    {9660002000.0, 0, 0, "JPY", "¥9.66B"},
    {9660002000.0, 1e8, 0, "JPY", "¥9.7B"},
    {42300000.0, 1e8, 0, "JPY", "¥42.3M"}, /* beside ¥14.1B: not ¥0 */
    {420000000.0, 1e8, 0, "JPY", "¥420M"},
    {1000000000.0, 1e8, 0, "JPY", "¥1B"},
    {60000000.0, 0, 0, "JPY", "¥60M"},
    {950.0, 0, 0, "JPY", "¥950"},
    {1234.0, 0, 0, "JPY", "¥1.23K"},
    {2.5e12, 0, 0, "JPY", "¥2.5T"},
    {1.5e6, 0, 0, "USD", "$1.5M"},
    {1.5e6, 0, 0, "CHF", "1.5M CHF"},
    {-3.0e9, 0, 0, "EUR", "-€3B"},
    {NAN, 0, 0, "JPY", "n/a"},
    {INFINITY, 0, 1, "JPY", "n/a"},
};

Test(report_amount, formats_every_case) {
  for (size_t i = 0; i < sizeof amount_cases / sizeof amount_cases[0]; i++) {
    const amount_case *c = &amount_cases[i];
    crq_amount_style style = {.ja = c->ja, .currency = c->currency};
    char buf[CRQ_AMOUNT_MAX];
    if (c->step > 0)
      crq_amount_format_step(buf, sizeof buf, c->x, c->step, &style);
    else
      crq_amount_format(buf, sizeof buf, c->x, &style);
    cr_expect_str_eq(buf, c->want, "case %zu: %g", i, c->x);
  }
}

Test(report_amount, pair_step_comes_from_the_larger) {
  cr_expect_eq(crq_amount_step(14100004000.0), 1e8);
  cr_expect_eq(crq_amount_step(100000000.0), 1e6);
  cr_expect_eq(crq_amount_step(999.0), 1);
  cr_expect_eq(crq_amount_step(5.0), 1);
  cr_expect_eq(crq_amount_step(0.0), 1);
}

Test(report_amount, never_scientific_even_when_huge) {
  crq_amount_style ja = {.ja = 1, .currency = "JPY"};
  crq_amount_style en = {.ja = 0, .currency = "JPY"};
  char buf[CRQ_AMOUNT_MAX];
  for (double x = 1; x < 1e300; x *= 1e7) {
    crq_amount_format(buf, sizeof buf, x, &ja);
    cr_expect_null(strpbrk(buf, "eE"), "%s", buf);
    crq_amount_format(buf, sizeof buf, x, &en);
    /* "¥…B" never has an exponent either (B/M/K/T are the only letters) */
    cr_expect_null(strpbrk(buf, "eE"), "%s", buf);
  }
}

Test(report_amount, percentages_and_counts) {
  static const struct {
    double p;
    const char *want;
  } pct[] = {
      {0.0488, "4.88%"},
      {0.001, "0.1%"},
      {0.1, "10%"},
      {1.0, "100%"},
      {0.00012345, "0.0123%"},
      {0.0, "0%"},
      {0.005, "0.5%"},
      {NAN, "n/a"},
      /* ROSI: a slightly negative one is not "-0%"; large ones grouped */
      {-0.00216, "-0.216%"},
      {14.08, "1,410%"}};
  char buf[CRQ_AMOUNT_MAX];
  for (size_t i = 0; i < sizeof pct / sizeof pct[0]; i++)
    cr_expect_str_eq(crq_percent_format(buf, sizeof buf, pct[i].p),
                     pct[i].want);
  cr_expect_str_eq(crq_count_format(buf, sizeof buf, 200000), "200,000");
  cr_expect_str_eq(crq_count_format(buf, sizeof buf, 0), "0");
  cr_expect_str_eq(crq_count_format(buf, sizeof buf, 1234567), "1,234,567");
  cr_expect_str_eq(crq_count_format(buf, sizeof buf, 999), "999");
}

/* A payback under a year keeps two figures: 0.05 years is not "0.0". */
Test(report_amount, payback_periods) {
  static const struct {
    double years;
    int ja;
    const char *want;
  } cases[] = {
      {12.34, 0, "12.3"},  {1.04, 0, "1.0"},       {0.96, 0, "0.96"},
      {0.94, 0, "0.94"},   {0.95, 0, "0.95"},      {0.999, 0, "1.0"},
      {0.0996, 0, "0.10"}, {0.00999, 0, "0.010"},  {0.0523, 0, "0.052"},
      {0.2, 0, "0.20"},    {0.0012, 0, "0.0012"},  {1e-5, 0, "< 0.001"},
      {0.0, 0, "0.0"},     {INFINITY, 0, "never"}, {INFINITY, 1, "回収不能"},
      {NAN, 1, "n/a"}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char buf[32];
    cr_expect_str_eq(
        crq_payback_format(buf, sizeof buf, cases[i].years, cases[i].ja),
        cases[i].want, "%g", cases[i].years);
  }
}
