/* tests/unit/test_model_amount.c — the small parsers behind the loader:
 * strict numbers, money amounts (141億, 1.2B, €20M ...) with FX
 * conversion, UTF-8 checking and the "did you mean" edit distance. */
#include <criterion/criterion.h>
#include <string.h>

#include "amount.h"
#include "suggest.h"
#include "utf8.h"

typedef struct amount_case {
  const char *text;
  int status; /* 0, -1 not an amount, -2 not finite */
  double value;
  const char *currency;
} amount_case;

static const amount_case amount_cases[] = {
    {"141e8", 0, 141e8, ""},
    {"1.41e10", 0, 1.41e10, ""},
    {"0", 0, 0, ""},
    {"-5", 0, -5, ""},
    {".5", 0, 0.5, ""},
    {"141億", 0, 141e8, ""},
    {"6000万", 0, 6e7, ""},
    {"6000万円", 0, 6e7, "JPY"},
    {"1兆", 0, 1e12, ""},
    {"1.5億", 0, 1.5e8, ""},
    {"1億2000万", 0, 1.2e8, ""},
    {"1兆2000億円", 0, 1.2e12, "JPY"},
    {"1万5000", 0, 15000, ""},
    {"5千", 0, 5000, ""},
    {"5千万", 0, 5e7, ""},
    {"3千億", 0, 3e11, ""},
    {"1億2千万", 0, 1.2e8, ""},
    {"1.2B", 0, 1.2e9, ""},
    {"1.2bn", 0, 1.2e9, ""},
    {"300M", 0, 3e8, ""},
    {"5k", 0, 5e3, ""},
    {"5K", 0, 5e3, ""},
    {"2T", 0, 2e12, ""},
    {"1,000,000", 0, 1e6, ""},
    {"1,234.5", 0, 1234.5, ""},
    {"12,345,678円", 0, 12345678, "JPY"},
    {"¥3億", 0, 3e8, "JPY"},
    {"￥3億", 0, 3e8, "JPY"},
    {"3億 JPY", 0, 3e8, "JPY"},
    {"20M EUR", 0, 20e6, "EUR"},
    {"€20M", 0, 20e6, "EUR"},
    {"$5M", 0, 5e6, "USD"},
    {"5M USD", 0, 5e6, "USD"},
    {"$5M USD", 0, 5e6, "USD"},
    {"£1.5M", 0, 1.5e6, "GBP"},
    {"  7 GBP ", 0, 7, "GBP"},
    {"-$2k", 0, -2e3, "USD"},
    {"", -1, 0, ""},
    {"abc", -1, 0, ""},
    {"100x億", -1, 0, ""},
    {"5 M", -1, 0, ""},  /* a unit must touch its number */
    {"5m", -1, 0, ""},   /* lower-case m is not million */
    {"1,00", -1, 0, ""}, /* thousands groups have three digits */
    {"1234,567", -1, 0, ""},
    {"1,000e3", -1, 0, ""},
    {"1万2億", -1, 0, ""}, /* units must decrease */
    {"1億1億", -1, 0, ""},
    {"$5M EUR", -1, 0, ""}, /* two currencies */
    {"5 eur", -1, 0, ""},
    {"5 EURO", -1, 0, ""},
    {"0x10", -1, 0, ""},
    {"1e", -1, 0, ""},
    {".inf", -2, 0, ""},
    {"-.inf", -2, 0, ""},
    {".nan", -2, 0, ""},
    {"1e999", -2, 0, ""},
    {"1e300兆", -2, 0, ""},
};

Test(model_amount, parses_the_table) {
  for (size_t i = 0; i < sizeof amount_cases / sizeof amount_cases[0]; i++) {
    const amount_case *c = &amount_cases[i];
    crq_amount a = {0};
    int st = crq_parse_amount(c->text, &a);
    cr_expect_eq(st, c->status, "'%s': status %d", c->text, st);
    if (st == 0 && c->status == 0) {
      cr_expect_eq(a.value, c->value, "'%s': %.17g", c->text, a.value);
      cr_expect_str_eq(a.currency, c->currency, "'%s'", c->text);
    }
  }
}

Test(model_amount, numbers_are_strict) {
  static const struct {
    const char *text;
    int status;
    double value;
  } cases[] = {
      {"0.05", 0, 0.05},     {"1e-05", 0, 1e-5}, {"+3", 0, 3},
      {"-2.5E+3", 0, -2500}, {"7.", 0, 7},       {"1,000", -1, 0},
      {"141億", -1, 0},      {"inf", -1, 0},     {"nan", -1, 0},
      {" 1", -1, 0},         {"1 ", -1, 0},      {"--1", -1, 0},
      {".", -1, 0},          {".NaN", -2, 0},    {"+.Inf", -2, 0},
      {"-1e400", -2, 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    double v = 0;
    int st = crq_parse_number(cases[i].text, &v);
    cr_expect_eq(st, cases[i].status, "'%s'", cases[i].text);
    if (st == 0)
      cr_expect_eq(v, cases[i].value, "'%s'", cases[i].text);
  }
}

/* Whole numbers for counts and seeds, exact to 2^64 − 1 whether written
 * in digits or with an exponent (a double would stop being exact at
 * 2^53). */
Test(model_amount, whole_numbers_are_exact) {
  static const struct {
    const char *text;
    int status;
    uint64_t value;
  } cases[] = {
      {"0", 0, 0},
      {"00012", 0, 12},
      {"18446744073709551615", 0, UINT64_MAX},
      {"18446744073709551616", -2, 0},
      {"1e18", 0, 1000000000000000000u},
      {"1.8446744073709551615e19", 0, UINT64_MAX},
      {"1.8446744073709551616e19", -2, 0},
      {"9007199254740993e0", 0, 9007199254740993u}, /* 2^53 + 1 */
      {"2.5e6", 0, 2500000},
      {"1E+05", 0, 100000},
      {"1.20e1", 0, 12},
      {"0e9999", 0, 0},
      {"1e9999", -2, 0},
      {"1.25e1", -1, 0},
      {"1e-2", -1, 0},
      {"1e", -1, 0},
      {"12.", -1, 0},
      {"12.0", -1, 0},
      {".5e1", -1, 0},
      {"-1", -1, 0},
      {"+1", -1, 0},
      {"0x10", -1, 0},
      {"1 000", -1, 0},
      {"", -1, 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    uint64_t v = 7;
    int st = crq_parse_whole(cases[i].text, &v);
    cr_expect_eq(st, cases[i].status, "'%s': %d", cases[i].text, st);
    cr_expect_eq(v, st == 0 ? cases[i].value : 7, "'%s': %llu", cases[i].text,
                 (unsigned long long)v);
  }
}

Test(model_amount, converts_with_fx) {
  const crq_fx fx[] = {{"EUR", 130}, {"USD", 150}};
  crq_amount a = {20e6, "EUR"};
  double v;
  cr_expect_eq(crq_amount_convert(&a, "JPY", fx, 2, &v), 0);
  cr_expect_eq(v, 2.6e9);
  crq_amount own = {5, "JPY"}, bare = {5, ""}, gbp = {5, "GBP"};
  cr_expect_eq(crq_amount_convert(&own, "JPY", fx, 2, &v), 0);
  cr_expect_eq(v, 5);
  cr_expect_eq(crq_amount_convert(&bare, "USD", fx, 2, &v), 0);
  cr_expect_eq(v, 5); /* no currency: the model's */
  cr_expect_eq(crq_amount_convert(&gbp, "JPY", fx, 2, &v), -1);
  cr_expect_eq(crq_amount_convert(&own, "USD", fx, 2, &v), -1);
}

Test(model_amount, utf8_check_points_at_the_bad_character) {
  int line, col;
  char msg[128];
  const char ok[] = "名前: \"東京\"\r\n\tx: 1\n";
  cr_expect_eq(crq_utf8_check(ok, sizeof ok - 1, &line, &col, msg), 0);
  const char bad[] = "a: 1\r\nb: 東\xff";
  cr_assert_neq(crq_utf8_check(bad, sizeof bad - 1, &line, &col, msg), 0);
  cr_expect_eq(line, 2);
  cr_expect_eq(col, 5); /* characters, not bytes */
  const char overlong[] = "a: \xc0\xaf";
  cr_expect_neq(crq_utf8_check(overlong, 5, &line, &col, msg), 0);
  const char surrogate[] = "a: \xed\xa0\x80";
  cr_expect_neq(crq_utf8_check(surrogate, 6, &line, &col, msg), 0);
  const char c1[] = "a: \xc2\x80";
  cr_expect_neq(crq_utf8_check(c1, 5, &line, &col, msg), 0);
  cr_expect_str_eq(msg, "control character U+0080; expected printable text, "
                        "tabs and line breaks");
}

Test(model_amount, edit_distance_and_suggestions) {
  cr_expect_eq(crq_edit_distance("frequency", "frequency"), 0);
  cr_expect_eq(crq_edit_distance("frequncy", "frequency"), 1);
  cr_expect_eq(crq_edit_distance("trails", "trials"), 1); /* transposition */
  cr_expect_eq(crq_edit_distance("Name", "name"), 0);
  cr_expect_eq(crq_edit_distance("", "abc"), 3);
  cr_expect_eq(crq_edit_distance("kitten", "sitting"), 3);
  const char *keys[] = {"id", "name", "frequency", NULL, "data_theft"};
  cr_expect_str_eq(crq_suggest("nmae", keys, 5), "name");
  cr_expect_str_eq(crq_suggest("data_theif", keys, 5), "data_theft");
  cr_expect_str_eq(crq_suggest("freq", keys, 5), "frequency"); /* prefix */
  cr_expect_null(crq_suggest("zzz", keys, 5));
  cr_expect_str_eq(crq_suggest("ix", keys, 1), "id");
  const char *sd[] = {"sd"};
  cr_expect_null(crq_suggest("mu", sd, 1)); /* 2 edits on 2 letters */
}
