/* engine/model/amount.c — strict numbers and money amounts (see amount.h
 * for the grammar). Strings are scanned byte by byte; multi-byte symbols
 * (¥ € 円 万 億 兆) are matched as UTF-8 sequences. strtod does the final
 * conversion of a checked digit string, so values are correctly rounded;
 * callers run under the C locale (load.c switches the thread's locale). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "amount.h"

static int is_digit(char c) {
  return c >= '0' && c <= '9';
}

static const char *skip_spaces(const char *s) {
  while (*s == ' ' || *s == '\t')
    s++;
  return s;
}

static const char *skip_digits(const char *s) {
  while (is_digit(*s))
    s++;
  return s;
}

/* YAML's spellings of infinity and not-a-number. */
static int is_yaml_special(const char *t) {
  if (*t == '+' || *t == '-')
    t++;
  static const char *const words[] = {".inf", ".Inf", ".INF",
                                      ".nan", ".NaN", ".NAN"};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (strcmp(t, words[i]) == 0)
      return 1;
  return 0;
}

/* End of the number starting at s ([+-] digits [. digits] [e [+-] digits]),
 * or NULL when s does not start with one. */
static const char *scan_number(const char *s) {
  if (*s == '+' || *s == '-')
    s++;
  const char *m = skip_digits(s);
  int digits = m > s;
  if (*m == '.') {
    const char *f = skip_digits(m + 1);
    digits |= f > m + 1;
    m = f;
  }
  if (!digits)
    return NULL;
  if (*m == 'e' || *m == 'E') {
    const char *e = m + 1;
    if (*e == '+' || *e == '-')
      e++;
    const char *x = skip_digits(e);
    if (x == e)
      return NULL;
    m = x;
  }
  return m;
}

/* Converts the checked characters [s, end) (commas removed) to a double. */
static int convert(const char *s, const char *end, double *out) {
  char buf[128];
  size_t k = 0;
  for (; s < end; s++) {
    if (*s == ',')
      continue;
    if (k + 1 >= sizeof buf)
      return -1;
    buf[k++] = *s;
  }
  buf[k] = '\0';
  double v = strtod(buf, NULL);
  if (!isfinite(v))
    return -2;
  *out = v;
  return 0;
}

/* v·10 + d, or -1 past 2^64 − 1. */
static int push_digit(uint64_t *v, unsigned d) {
  if (*v > (UINT64_MAX - d) / 10)
    return -1;
  *v = *v * 10 + d;
  return 0;
}

/* The n digits at p appended to v; -1 when one went past 2^64 − 1. */
static int push_digits(uint64_t *v, const char *p, size_t n) {
  int over = 0;
  for (size_t i = 0; i < n; i++)
    over |= push_digit(v, (unsigned)(p[i] - '0'));
  return over;
}

int crq_parse_whole(const char *text, uint64_t *out) {
  static const char digits[] = "0123456789";
  const char *p = text;
  uint64_t v = 0;
  size_t lead = strspn(p, digits), fraction = 0;
  if (lead == 0)
    return -1;
  int over = push_digits(&v, p, lead);
  p += lead;
  if (*p == '\0')
    return over ? -2 : (*out = v, 0);
  if (*p == '.') {
    size_t n = strspn(++p, digits);
    for (fraction = n; fraction > 0 && p[fraction - 1] == '0';)
      fraction--; /* trailing zeros are no fraction */
    over |= push_digits(&v, p, fraction);
    p += n;
  }
  if (*p != 'e' && *p != 'E')
    return -1;
  p += p[1] == '+' ? 2 : 1;
  size_t n = strspn(p, digits);
  if (n == 0 || n > 4 || p[n] != '\0')
    return -1;
  long shift = atol(p) - (long)fraction; /* the value is v·10^shift */
  if (shift < 0)
    return -1; /* a fraction is left */
  for (; shift > 0 && !over; shift--)
    over |= push_digit(&v, 0);
  return over ? -2 : (*out = v, 0);
}

int crq_parse_number(const char *text, double *out) {
  if (is_yaml_special(text))
    return -2;
  const char *end = scan_number(text);
  if (!end || *end)
    return -1;
  return convert(text, end, out);
}

/* A number inside an amount: unsigned, optionally with thousands
 * separators (then without exponent). Returns its end or NULL. */
static const char *scan_amount_number(const char *s) {
  const char *d = skip_digits(s);
  if (*d != ',' || d - s < 1 || d - s > 3)
    return *s == '+' || *s == '-' ? NULL : scan_number(s);
  while (*d == ',') {
    const char *g = skip_digits(d + 1);
    if (g - (d + 1) != 3)
      return NULL;
    d = g;
  }
  if (*d == '.') {
    const char *f = skip_digits(d + 1);
    if (f == d + 1)
      return NULL;
    d = f;
  }
  return *d == 'e' || *d == 'E' ? NULL : d;
}

typedef struct token {
  const char *text; /* UTF-8 spelling */
  double scale;     /* multiplier, or 0 for a currency symbol */
  const char *code; /* currency of a symbol */
} token;

static const token symbols[] = {
    {"\xc2\xa5", 0, "JPY"},     /* ¥ */
    {"\xef\xbf\xa5", 0, "JPY"}, /* ￥ (full width) */
    {"$", 0, "USD"},
    {"\xe2\x82\xac", 0, "EUR"}, /* € */
    {"\xc2\xa3", 0, "GBP"},     /* £ */
};

/* The large Japanese units, in decreasing order; 千 (1e3) may stand alone
 * or multiply one of them ("5千万" = 5e7). */
static const token japanese[] = {
    {"\xe5\x85\x86", 1e12, NULL}, /* 兆 */
    {"\xe5\x84\x84", 1e8, NULL},  /* 億 */
    {"\xe4\xb8\x87", 1e4, NULL},  /* 万 */
};
#define SEN "\xe5\x8d\x83" /* 千 */

static const token western[] = {
    {"bn", 1e9, NULL}, {"k", 1e3, NULL}, {"K", 1e3, NULL},
    {"M", 1e6, NULL},  {"B", 1e9, NULL}, {"T", 1e12, NULL},
};

/* Index of the token of table that s starts with, or -1. */
static int match(const char *s, const token *table, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strncmp(s, table[i].text, strlen(table[i].text)) == 0)
      return (int)i;
  return -1;
}

#define MATCH(s, table) match(s, table, sizeof table / sizeof table[0])

/* A Japanese unit after a number: [千] [兆|億|万]. Returns its rank (0
 * for 兆 ... 3 for a lone 千; -1 if none), multiplies *v and advances *s. */
static int japanese_unit(const char **s, double *v) {
  double scale = 1;
  int rank = -1;
  if (strncmp(*s, SEN, strlen(SEN)) == 0) {
    scale = 1e3;
    rank = 3;
    *s += strlen(SEN);
  }
  int j = MATCH(*s, japanese);
  if (j >= 0) {
    scale *= japanese[j].scale;
    rank = j;
    *s += strlen(japanese[j].text);
  }
  *v *= scale;
  return rank;
}

/* quantity = number [western] | (number japanese)+ [number]. Sets *value
 * and returns the end, or NULL (with *status -1 or -2). */
static const char *scan_quantity(const char *s, double *value, int *status) {
  double total = 0;
  int last = -1; /* rank of the previous Japanese unit */
  for (;;) {
    const char *end = scan_amount_number(s);
    double v;
    if (!end) {
      *status = -1;
      return NULL;
    }
    if ((*status = convert(s, end, &v)) != 0)
      return NULL;
    s = end;
    int rank = japanese_unit(&s, &v);
    if (rank >= 0) {
      if (rank <= last) {
        *status = -1; /* 万 before 億, or a unit twice */
        return NULL;
      }
      last = rank;
      total += v;
      if (is_digit(*s) || *s == '.')
        continue;
    } else if (last >= 0) {
      total += v; /* the trailing units of "1万5000" */
    } else {
      int w = MATCH(s, western);
      if (w >= 0) {
        v *= western[w].scale;
        s += strlen(western[w].text);
      }
      total = v;
    }
    *value = total;
    return s;
  }
}

/* currency = "円" | three capital letters; returns the end or NULL. */
static const char *scan_currency(const char *s, char code[4]) {
  if (strncmp(s, "\xe5\x86\x86", 3) == 0) { /* 円 */
    memcpy(code, "JPY", 4);
    return s + 3;
  }
  for (int i = 0; i < 3; i++)
    if (s[i] < 'A' || s[i] > 'Z')
      return NULL;
  memcpy(code, s, 3);
  code[3] = '\0';
  return s + 3;
}

int crq_parse_amount(const char *text, crq_amount *out) {
  const char *s = skip_spaces(text);
  if (is_yaml_special(s))
    return -2;
  double sign = 1;
  if (*s == '+' || *s == '-')
    sign = *s++ == '-' ? -1 : 1;
  char symbol[4] = "";
  int sym = MATCH(s, symbols);
  if (sym >= 0) {
    memcpy(symbol, symbols[sym].code, 4);
    s = skip_spaces(s + strlen(symbols[sym].text));
  }
  int status = 0;
  double value;
  s = scan_quantity(s, &value, &status);
  if (!s)
    return status;
  s = skip_spaces(s);
  char code[4] = "";
  if (*s) {
    s = scan_currency(s, code);
    if (!s || *skip_spaces(s))
      return -1;
  }
  if (*symbol && *code && strcmp(symbol, code) != 0)
    return -1; /* "$5M EUR" */
  value *= sign;
  if (!isfinite(value))
    return -2;
  out->value = value;
  memcpy(out->currency, *code ? code : symbol, 4);
  return 0;
}

int crq_amount_convert(const crq_amount *a, const char *model_currency,
                       const crq_fx *fx, size_t n_fx, double *out) {
  if (!*a->currency || strcmp(a->currency, model_currency) == 0) {
    *out = a->value;
    return 0;
  }
  for (size_t i = 0; i < n_fx; i++) {
    if (strcmp(fx[i].code, a->currency) == 0) {
      *out = a->value * fx[i].rate;
      return 0;
    }
  }
  return -1;
}
