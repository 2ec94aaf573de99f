/* engine/report/amount.c — money amounts, percentages and counts for
 * reports (see amount.h for the rules and why). */
#include "amount.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* A unit of account: its size and its suffix. Ordered largest first. */
typedef struct unit {
  double size;
  const char *suffix;
} unit;

static const unit units_ja[] = {
    {1e12, "兆"}, {1e8, "億"}, {1e4, "万"}, {1, ""}};
static const unit units_en[] = {
    {1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "K"}, {1, ""}};

/* The symbol written before an amount in English, or NULL. */
static const char *symbol_before(const char *code) {
  static const char *const symbols[][2] = {
      {"JPY", "¥"}, {"USD", "$"}, {"EUR", "€"}, {"GBP", "£"}};
  for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++)
    if (strcmp(code, symbols[i][0]) == 0)
      return symbols[i][1];
  return NULL;
}

/* Copies the decimal number in `num` ("-1234.5") into buf with a comma
 * between each group of three integer digits ("-1,234.5"). */
static void group_digits(char *buf, size_t n, const char *num) {
  size_t len = strlen(num), out = 0;
  const char *dot = strchr(num, '.');
  size_t int_end = dot ? (size_t)(dot - num) : len;
  size_t first = (num[0] == '-') ? 1 : 0;
  for (size_t i = 0; i < len && out + 1 < n; i++) {
    if (i > first && i < int_end && (int_end - i) % 3 == 0)
      buf[out++] = ',';
    if (out + 1 < n)
      buf[out++] = num[i];
  }
  buf[out] = '\0';
}

/* Writes v with `decimals` digits after the point, trailing zeros of the
 * fraction removed, digits grouped. */
static void format_number(char *buf, size_t n, double v, int decimals) {
  char raw[CRQ_AMOUNT_MAX];
  snprintf(raw, sizeof raw, "%.*f", decimals, v);
  char *dot = strchr(raw, '.');
  if (dot) {
    char *end = raw + strlen(raw) - 1;
    while (end > dot && *end == '0')
      *end-- = '\0';
    if (end == dot)
      *end = '\0';
  }
  if (strcmp(raw, "-0") == 0)
    strcpy(raw, "0");
  group_digits(buf, n, raw);
}

/* Digits after the point needed to show multiples of `step` in `size`. */
static int decimals_for(double size, double step) {
  return size > step ? (int)lround(log10(size / step)) : 0;
}

double crq_amount_step(double x) {
  double a = fabs(x);
  if (!isfinite(a) || a < 1)
    return 1;
  double step = pow(10, floor(log10(a)) - 2);
  return step < 1 ? 1 : step;
}

char *crq_amount_format_step(char *buf, size_t n, double x, double step,
                             const crq_amount_style *style) {
  if (!isfinite(x) || !(step > 0)) {
    snprintf(buf, n, "n/a");
    return buf;
  }
  /* A shared step keeps at least two figures of the smaller amount; one
   * far below it (¥42.3M beside ¥14.1B) keeps its own three rather than
   * reading ¥0. */
  if (fabs(x) < 10 * step)
    step = fmin(step, crq_amount_step(x));
  double r = round(x / step) * step;
  const unit *u = style->ja ? units_ja : units_en;
  while (u->size > 1 && fabs(r) < u->size)
    u++;
  char num[CRQ_AMOUNT_MAX];
  format_number(num, sizeof num, fabs(r) / u->size,
                decimals_for(u->size, step));
  const char *sign = (r < 0 && strcmp(num, "0") != 0) ? "-" : "";
  const char *code = style->currency ? style->currency : "JPY";
  int yen = strcmp(code, "JPY") == 0;
  const char *before = style->ja ? NULL : symbol_before(code);
  if (style->ja && yen)
    snprintf(buf, n, "%s%s%s円", sign, num, u->suffix);
  else if (before)
    snprintf(buf, n, "%s%s%s%s", sign, before, num, u->suffix);
  else
    snprintf(buf, n, "%s%s%s %s", sign, num, u->suffix, code);
  return buf;
}

char *crq_amount_format(char *buf, size_t n, double x,
                        const crq_amount_style *style) {
  return crq_amount_format_step(buf, n, x, crq_amount_step(x), style);
}

char *crq_percent_format(char *buf, size_t n, double p) {
  double v = p * 100;
  if (!isfinite(v)) {
    snprintf(buf, n, "n/a");
    return buf;
  }
  if (fabs(v) < 1e-7) {
    snprintf(buf, n, "0%%");
    return buf;
  }
  double step = pow(10, floor(log10(fabs(v))) - 2);
  int decimals = step < 1 ? (int)lround(-log10(step)) : 0;
  char num[CRQ_AMOUNT_MAX];
  format_number(num, sizeof num, round(v / step) * step, decimals);
  snprintf(buf, n, "%s%%", num);
  return buf;
}

char *crq_count_format(char *buf, size_t n, unsigned long long v) {
  char raw[32];
  snprintf(raw, sizeof raw, "%llu", v);
  group_digits(buf, n, raw);
  return buf;
}

char *crq_payback_format(char *buf, size_t n, double years, int ja) {
  if (isnan(years))
    snprintf(buf, n, "n/a");
  else if (isinf(years))
    snprintf(buf, n, "%s", ja ? "回収不能" : "never");
  else if (years > 0 && years < 0.001) /* under nine hours */
    snprintf(buf, n, "< 0.001");
  else if (years < 1 && years > 0) { /* two figures, never scientific */
    int e = (int)floor(log10(years));
    e += round(years / pow(10, e - 1)) >= 100; /* 0.0996 is 0.10 */
    snprintf(buf, n, "%.*f", e < 0 ? 1 - e : 1, years);
  } else {
    snprintf(buf, n, "%.1f", years);
  }
  return buf;
}
