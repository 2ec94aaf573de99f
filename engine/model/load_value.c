/* engine/model/load_value.c — the loader's readers of single values:
 * numbers, amounts, whole numbers, strings, ids, dates, choices, and the
 * shape checks (mapping with known keys, sequence). Each reports its own
 * mistakes at the node (see load.h); the wording of every message the
 * loader emits for a bad value is defined here, in one place. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "load.h"
#include "suggest.h"

/* The one place a loader error is recorded: the message, the count and
 * the first status. */
static void report(crq_load *ld, int line, int column, const char *fmt,
                   va_list ap) {
  crq_diags_vadd(ld->diags, CRQ_ERR_INPUT, ld->file, line, column, fmt, ap);
  ld->errors++;
  if (ld->status == CRQ_OK)
    ld->status = CRQ_ERR_INPUT;
}

void crq_load_error_at(crq_load *ld, int line, int column, const char *fmt,
                       ...) {
  va_list ap;
  va_start(ap, fmt);
  report(ld, line, column, fmt, ap);
  va_end(ap);
}

void crq_load_error(crq_load *ld, const crq_ynode *at, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  report(ld, at ? at->line : 0, at ? at->column : 0, fmt, ap);
  va_end(ap);
}

crq_mark crq_load_mark(const crq_ynode *node) {
  return (crq_mark){node->line, node->column};
}

const char *crq_load_shorten(const char *text, char buf[48]) {
  size_t len = strlen(text);
  if (len <= 40)
    return text;
  size_t cut = 40;
  while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
    cut--;
  memcpy(buf, text, cut);
  memcpy(buf + cut, "...", 4);
  return buf;
}

static int range_contains(crq_range r, double v) {
  return (r.lo_open ? v > r.lo : v >= r.lo) &&
         (r.hi_open ? v < r.hi : v <= r.hi);
}

const char *crq_range_describe(crq_range r, crq_numkind kind, char *buf,
                               size_t size) {
  static const char *const nouns[] = {"a number", "an amount", "a count"};
  const char *noun = nouns[kind];
  int lo = isfinite(r.lo), hi = isfinite(r.hi);
  if (lo && hi)
    snprintf(buf, size, "%s in %c%g, %g%c", noun, r.lo_open ? '(' : '[', r.lo,
             r.hi, r.hi_open ? ')' : ']');
  else if (lo)
    snprintf(buf, size, "%s %s %g", noun, r.lo_open ? ">" : ">=", r.lo);
  else if (hi)
    snprintf(buf, size, "%s %s %g", noun, r.hi_open ? "<" : "<=", r.hi);
  else
    snprintf(buf, size, "%s", noun);
  return buf;
}

static int is_scalar(const crq_ynode *node) {
  return node->kind == CRQ_YSCALAR && !crq_ynode_is_null(node);
}

/* Parses an amount or count in the model currency; -1 after reporting. */
static int parse_money(crq_load *ld, const crq_ynode *node, const char *key,
                       crq_numkind kind, const char *want, double *v) {
  char buf[48];
  crq_amount a;
  int st = crq_parse_amount(node->text, &a);
  const char *t = node->text;
  if (st == -1 && kind == CRQ_NUM_AMOUNT && strlen(t) > 4 && t[3] == ' ' &&
      strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == 3 &&
      crq_parse_amount(t + 4, &a) == 0 && !*a.currency) {
    /* "EUR 3M": the currency goes after the number */
    crq_load_error(ld, node,
                   "%s: \"%s\" is not an amount; expected the currency after "
                   "the number: \"%s %.3s\"",
                   key, crq_load_shorten(t, buf), t + 4, t);
    return -1;
  }
  if (st == -1) {
    crq_load_error(ld, node,
                   kind == CRQ_NUM_AMOUNT
                       ? "%s: \"%s\" is not an amount; expected %s such as "
                         "141e8, 141億, 6000万円, 1.2B or \"20M EUR\""
                       : "%s: \"%s\" is not a count; expected %s such as "
                         "1333334, 133万 or 1.2M",
                   key, crq_load_shorten(node->text, buf), want);
    return -1;
  }
  if (st == -2) {
    crq_load_error(ld, node, "%s: %s is not a finite number; expected %s", key,
                   crq_load_shorten(node->text, buf), want);
    return -1;
  }
  if (kind == CRQ_NUM_COUNT && *a.currency) {
    crq_load_error(ld, node, "%s: \"%s\" has a currency; expected %s", key,
                   crq_load_shorten(node->text, buf), want);
    return -1;
  }
  const crq_model *m = ld->model;
  if (crq_amount_convert(&a, m->currency, m->fx, m->n_fx, v) != 0) {
    crq_load_error(ld, node,
                   "%s: no exchange rate for %s; expected organisation.fx.%s "
                   "(%s per 1 %s)",
                   key, a.currency, a.currency, m->currency, a.currency);
    return -1;
  }
  return isnan(*v) ? -1 : 0; /* a rate load_fx reported as wrong */
}

int crq_read_number(crq_load *ld, const crq_ynode *node, const char *key,
                    crq_numkind kind, crq_range r, double *out) {
  char want[96], buf[48];
  crq_range_describe(r, kind, want, sizeof want);
  if (!is_scalar(node)) {
    crq_load_error(ld, node, "%s: found %s; expected %s", key,
                   crq_ynode_what(node), want);
    return -1;
  }
  double v;
  if (kind == CRQ_NUM_PLAIN) {
    int st = crq_parse_number(node->text, &v);
    if (st != 0) {
      crq_load_error(ld, node,
                     st == -2 ? "%s: %s is not a finite number; expected %s"
                              : "%s: \"%s\" is not a number; expected %s",
                     key, crq_load_shorten(node->text, buf), want);
      return -1;
    }
  } else if (parse_money(ld, node, key, kind, want, &v) != 0) {
    return -1;
  }
  if (!range_contains(r, v)) { /* as written: "-5億", not -5e+08 */
    crq_load_error(ld, node, "%s: %s is out of range; expected %s", key,
                   crq_load_shorten(node->text, buf), want);
    return -1;
  }
  *out = v;
  return 0;
}

void crq_load_missing(crq_load *ld, const crq_ynode *map, const char *key,
                      const char *where, const char *expected) {
  unsigned n =
      ld->n_near_miss < CRQ_NEAR_MISSES ? ld->n_near_miss : CRQ_NEAR_MISSES;
  for (unsigned i = 0; i < n; i++)
    if (ld->near_miss[i].map == map && strcmp(ld->near_miss[i].key, key) == 0)
      return; /* "unknown key 'frequncy'; did you mean 'frequency'?" */
  crq_load_error(ld, map, "missing key '%s' in %s; expected %s", key, where,
                 expected);
}

int crq_field_number(crq_load *ld, const crq_ynode *map, const char *where,
                     const char *key, crq_numkind kind, crq_range r, double def,
                     double *out) {
  const crq_ynode *v = crq_ymap_get(map, key);
  if (v)
    return crq_read_number(ld, v, key, kind, r, out);
  if (!isnan(def)) {
    *out = def;
    return 0;
  }
  char want[96];
  crq_load_missing(ld, map, key, where,
                   crq_range_describe(r, kind, want, sizeof want));
  return -1;
}

/* A whole number: as crq_parse_whole reads it (exact up to 2^64 − 1), or
 * another way to write a number (100.0) that is whole and at most 2^53.
 * 0, -1 (not whole) or -2 (too large). */
static int parse_uint(const char *t, uint64_t *out) {
  int st = crq_parse_whole(t, out);
  double x;
  if (st != -1)
    return st;
  if (crq_parse_number(t, &x) != 0 || x != floor(x))
    return -1;
  if (x < 0 || x > 0x1p53) /* whole, but no count or seed */
    return -2;
  *out = (uint64_t)x;
  return 0;
}

int crq_read_uint(crq_load *ld, const crq_ynode *node, const char *key,
                  uint64_t lo, uint64_t hi, uint64_t *out) {
  char buf[48], want[96];
  snprintf(want, sizeof want, "a whole number in [%llu, %llu]",
           (unsigned long long)lo, (unsigned long long)hi);
  if (!is_scalar(node)) {
    crq_load_error(ld, node, "%s: found %s; expected %s", key,
                   crq_ynode_what(node), want);
    return -1;
  }
  uint64_t v = 0;
  int st = parse_uint(node->text, &v);
  if (st == -1) {
    crq_load_error(ld, node, "%s: \"%s\" is not a whole number; expected %s",
                   key, crq_load_shorten(node->text, buf), want);
    return -1;
  }
  if (st == -2 || v < lo || v > hi) {
    crq_load_error(ld, node, "%s: %s is out of range; expected %s", key,
                   crq_load_shorten(node->text, buf), want);
    return -1;
  }
  *out = v;
  return 0;
}

int crq_read_string(crq_load *ld, const crq_ynode *node, const char *key,
                    char **out) {
  if (!is_scalar(node)) {
    crq_load_error(ld, node, "%s: found %s; expected a string", key,
                   crq_ynode_what(node));
    return -1;
  }
  if (!*node->text) {
    crq_load_error(ld, node, "%s: the string is empty; expected some text",
                   key);
    return -1;
  }
  *out = strdup(node->text);
  if (!*out) {
    crq_load_error(ld, node, "out of memory; expected a smaller model");
    return -1;
  }
  return 0;
}

int crq_field_string(crq_load *ld, const crq_ynode *map, const char *where,
                     const char *key, int required, char **out) {
  const crq_ynode *v = crq_ymap_get(map, key);
  *out = NULL;
  if (v)
    return crq_read_string(ld, v, key, out);
  if (!required)
    return 0;
  crq_load_missing(ld, map, key, where, "a string");
  return -1;
}

int crq_read_id(crq_load *ld, const crq_ynode *node, const char *key,
                char **out) {
  if (!is_scalar(node)) {
    crq_load_error(ld, node, "%s: found %s; expected an id", key,
                   crq_ynode_what(node));
    return -1;
  }
  const char *t = node->text;
  size_t len = strlen(t);
  if (len == 0 || len > 64 ||
      strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                "0123456789_.-") != len) {
    char buf[48];
    crq_load_error(ld, node,
                   "%s: '%s' is not a valid id; expected 1 to 64 letters, "
                   "digits, '_', '.' or '-'",
                   key, crq_load_shorten(t, buf));
    return -1;
  }
  return crq_read_string(ld, node, key, out);
}

static int leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int crq_read_date(crq_load *ld, const crq_ynode *node, const char *key,
                  char out[11]) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const char *t = is_scalar(node) ? node->text : "";
  int ok = strlen(t) == 10 && t[4] == '-' && t[7] == '-' &&
           strspn(t, "0123456789") == 4 && strspn(t + 5, "0123456789") == 2 &&
           strspn(t + 8, "0123456789") == 2;
  int early = 0; /* a date, but before the calendar crq counts from */
  if (ok) {
    int y = atoi(t), mo = atoi(t + 5), d = atoi(t + 8);
    ok = mo >= 1 && mo <= 12 && d >= 1 &&
         d <= days[mo - 1] + (mo == 2 && leap(y));
    early = ok && y < 1900;
    ok = ok && !early;
  }
  if (!ok) {
    char buf[48];
    if (early)
      crq_load_error(ld, node,
                     "%s: '%s' is before 1900; expected a date from "
                     "1900-01-01 on",
                     key, crq_load_shorten(t, buf));
    else if (is_scalar(node))
      crq_load_error(ld, node,
                     "%s: '%s' is not a date; expected YYYY-MM-DD, e.g. "
                     "2026-04-01",
                     key, crq_load_shorten(t, buf));
    else
      crq_load_error(ld, node, "%s: found %s; expected a date YYYY-MM-DD", key,
                     crq_ynode_what(node));
    return -1;
  }
  memcpy(out, t, 11);
  return 0;
}

/* Whether words[i] is among words[0 .. i) (a duplicated id, reported
 * on its own, is listed once). */
static int listed_before(const char *const *words, size_t i) {
  for (size_t j = 0; j < i; j++)
    if (words[j] && strcmp(words[j], words[i]) == 0)
      return 1;
  return 0;
}

/* "a, b, c" from a NULL-terminated or counted list, at most 12 names. */
static void join(const char *const *words, size_t n, char *buf, size_t size) {
  size_t used = 0, shown = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < n && used < size; i++) {
    if (!words[i] || listed_before(words, i))
      continue;
    if (shown == 12) {
      snprintf(buf + used, size - used, ", ...");
      return;
    }
    int w =
        snprintf(buf + used, size - used, "%s%s", shown ? ", " : "", words[i]);
    used += w > 0 ? (size_t)w : 0;
    shown++;
  }
}

static size_t count_words(const char *const *words) {
  size_t n = 0;
  while (words[n])
    n++;
  return n;
}

int crq_read_choice(crq_load *ld, const crq_ynode *node, const char *key,
                    const char *const *choices, int *out) {
  size_t n = count_words(choices);
  for (size_t i = 0; is_scalar(node) && i < n; i++) {
    if (strcmp(node->text, choices[i]) == 0) {
      *out = (int)i;
      return 0;
    }
  }
  char list[256], buf[48];
  join(choices, n, list, sizeof list);
  if (is_scalar(node))
    crq_load_error(ld, node, "%s: '%s' is not allowed; expected one of %s", key,
                   crq_load_shorten(node->text, buf), list);
  else
    crq_load_error(ld, node, "%s: found %s; expected one of %s", key,
                   crq_ynode_what(node), list);
  return -1;
}

const char *crq_load_unknown(crq_load *ld, const crq_ynode *at,
                             const char *what, const char *word,
                             const char *where, const char *const *candidates,
                             size_t n) {
  char buf[48], list[512];
  if (ld->diags && ld->diags->count >= CRQ_DIAGS_MAX) {
    crq_load_error(ld, at, "unknown %s", what); /* dropped: skip the search */
    return NULL;
  }
  const char *near = crq_suggest(word, candidates, n);
  const char *in = where ? " in " : "";
  where = where ? where : "";
  word = crq_load_shorten(word, buf);
  if (near) {
    crq_load_error(ld, at, "unknown %s '%s'%s%s; did you mean '%s'?", what,
                   word, in, where, near);
    return near;
  }
  join(candidates, n, list, sizeof list);
  crq_load_error(ld, at, "unknown %s '%s'%s%s; expected one of %s", what, word,
                 in, where, *list ? list : "(none defined)");
  return NULL;
}

int crq_read_map(crq_load *ld, const crq_ynode *node, const char *key,
                 const char *where, const char *const *known) {
  if (node->kind != CRQ_YMAP) {
    crq_load_error(ld, node, "%s: found %s; expected a mapping", key,
                   crq_ynode_what(node));
    return -1;
  }
  size_t n = count_words(known);
  for (size_t i = 0; i < node->n; i++) {
    const crq_ynode *k = node->items[2 * i];
    size_t j = 0;
    while (j < n && strcmp(k->text, known[j]) != 0)
      j++;
    const char *near =
        j == n ? crq_load_unknown(ld, k, "key", k->text, where, known, n)
               : NULL;
    if (near) {
      unsigned slot = ld->n_near_miss++ % CRQ_NEAR_MISSES;
      ld->near_miss[slot].map = node;
      ld->near_miss[slot].key = near;
    }
  }
  return 0;
}

int crq_read_seq(crq_load *ld, const crq_ynode *node, const char *key) {
  if (node->kind == CRQ_YSEQ)
    return 0;
  crq_load_error(ld, node, "%s: found %s; expected a list", key,
                 crq_ynode_what(node));
  return -1;
}
