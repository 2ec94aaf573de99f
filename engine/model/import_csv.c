/* engine/model/import_csv.c — turns a riskquant-style scenario list into a
 * model file.
 *
 * riskquant (Netflix) describes each scenario by one CSV line:
 *   id,name,annual_rate,low,high
 * with low/high the 5th and 95th percentiles of a lognormal loss per
 * event. Each line becomes a scenario with frequency {poisson: rate} and a
 * plain `loss` whose amount is that lognormal (canonical mu/sigma). The
 * organisation is left at zero amounts and the settings at their defaults,
 * and the model is written with crq_model_write_yaml, so the output is a
 * valid model by construction.
 *
 * The CSV follows RFC 4180: fields may be double-quoted, with "" for a
 * quote, and quoted fields may span lines. A first line whose third field
 * is not a number is taken as a header. Every mistake is reported as
 * file:line:column.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "load.h"
#include "model_io.h"
#include "utf8.h"

#define N_FIELDS 5

typedef struct field {
  char *text; /* unquoted, owned */
  int line, column;
} field;

/* The reader: position in the text, and the diagnostics (a crq_load, so
 * errors and the duplicate-id check are the loader's own). */
typedef struct csv {
  crq_load ld;
  const char *p, *end;
  int line, column;
} csv;

/* Advances one byte, keeping line and (character) column. */
static char next(csv *c) {
  char ch = *c->p++;
  if (ch == '\n') {
    c->line++;
    c->column = 1;
  } else if (((unsigned char)ch & 0xC0) != 0x80 && ch != '\r') {
    c->column++;
  }
  return ch;
}

static int at_eol(const csv *c) {
  return c->p == c->end || *c->p == '\n' || *c->p == '\r';
}

/* Reads one field into f (quoted or not); returns -1 on a broken quote. */
static int read_field(csv *c, field *f, char *buf) {
  size_t n = 0;
  f->line = c->line;
  f->column = c->column;
  if (c->p < c->end && *c->p == '"') {
    next(c);
    for (;;) {
      if (c->p == c->end) {
        crq_load_error_at(&c->ld, f->line, f->column,
                          "a quoted field is not closed; "
                          "expected a closing \"");
        return -1;
      }
      char ch = next(c);
      if (ch == '"' && c->p < c->end && *c->p == '"')
        next(c);
      else if (ch == '"')
        break;
      buf[n++] = ch;
    }
    if (c->p < c->end && *c->p != ',' && !at_eol(c)) {
      crq_load_error_at(&c->ld, c->line, c->column,
                        "text after a closing quote; "
                        "expected a comma or the end of the line");
      return -1;
    }
  } else {
    while (c->p < c->end && *c->p != ',' && !at_eol(c))
      buf[n++] = next(c);
  }
  buf[n] = '\0';
  f->text = strdup(buf);
  return f->text ? 0 : -1;
}

static void free_fields(field *f, int n) {
  for (int i = 0; i < n && i < N_FIELDS; i++)
    free(f[i].text);
}

/* Whether s is empty but for spaces and tabs. */
static int blank(const char *s) {
  return s[strspn(s, " \t")] == '\0';
}

/* Reads one record (a line, or several for quoted line breaks). Returns
 * the number of fields, blank ones after the N_FIELDS-th not counted (a
 * spreadsheet's trailing commas; at most N_FIELDS are kept), -1 on error,
 * 0 at a blank line. */
static int read_record(csv *c, field *fields, char *buf) {
  int n = 0, total = 0, used = 0;
  if (at_eol(c)) {
    while (c->p < c->end && (*c->p == '\r' || *c->p == '\n'))
      next(c);
    return 0;
  }
  for (;;) {
    field f;
    if (read_field(c, &f, buf) != 0) {
      free_fields(fields, n);
      return -1;
    }
    total++;
    used = blank(f.text) ? used : total;
    if (n < N_FIELDS)
      fields[n++] = f;
    else
      free(f.text);
    if (c->p < c->end && *c->p == ',') {
      next(c);
      continue;
    }
    if (c->p < c->end && *c->p == '\r')
      next(c);
    if (c->p < c->end && *c->p == '\n')
      next(c);
    return total > N_FIELDS && used <= N_FIELDS ? N_FIELDS : total;
  }
}

static const char *trim(char *s) {
  while (*s == ' ' || *s == '\t')
    s++;
  size_t n = strlen(s);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
    s[--n] = '\0';
  return s;
}

/* A number of the record; amounts ("5000万", "1.2M") for low and high. */
static int csv_number(csv *c, const field *f, const char *what, int amount,
                      double *out) {
  const char *t = trim(f->text);
  crq_amount a;
  int st = amount ? crq_parse_amount(t, &a) : crq_parse_number(t, &a.value);
  if (st == 0 && (!amount || !*a.currency) && a.value >= 0) {
    *out = a.value;
    return 0;
  }
  const char *why = st == -2                        ? "is not a finite number"
                    : st != 0                       ? "is not a number"
                    : amount && *a.currency != '\0' ? "has a currency"
                                                    : "is negative";
  crq_load_error_at(&c->ld, f->line, f->column, "%s: '%s' %s; expected %s",
                    what, t, why,
                    amount ? "a loss amount >= 0 without currency such as "
                             "5000000, 5000万 or 5M"
                           : "an annual rate >= 0 such as 0.1");
  return -1;
}

/* Checks one record and fills scenario s. */
static int make_scenario(csv *c, field *f, unsigned loss, crq_scenario *s) {
  double rate, low, high;
  const char *id = trim(f[0].text);
  size_t len = strlen(id);
  int bad = 0;
  if (len == 0 || len > 64 ||
      strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                 "0123456789_.-") != len) {
    crq_load_error_at(&c->ld, f[0].line, f[0].column,
                      "id: '%s' is not a valid id%s; "
                      "expected 1 to 64 letters, digits, '_', '.' or '-'",
                      id,
                      strncmp(id, "\xef\xbb\xbf", 3) == 0
                          ? " (it starts with an invisible byte-order mark, "
                            "U+FEFF: were two files joined?)"
                          : "");
    bad = 1;
  }
  bad |= csv_number(c, &f[2], "annual_rate", 0, &rate);
  bad |= csv_number(c, &f[3], "low", 1, &low);
  bad |= csv_number(c, &f[4], "high", 1, &high);
  if (!bad && low <= 0) {
    crq_load_error_at(&c->ld, f[3].line, f[3].column,
                      "low: %g is not above 0; expected a positive 5th "
                      "percentile of the loss",
                      low);
    bad = 1;
  } else if (!bad && high <= low) {
    crq_load_error_at(&c->ld, f[4].line, f[4].column,
                      "high: %g is not above low %g; expected low < high "
                      "(the 5th and 95th percentiles)",
                      high, low);
    bad = 1;
  }
  if (bad)
    return -1;
  const char *name = trim(f[1].text);
  s->id = strdup(id);
  s->name = strdup(*name ? name : id);
  s->triggers = calloc(1, sizeof *s->triggers);
  if (!s->id || !s->name || !s->triggers)
    return -1;
  s->mark = (crq_mark){f[0].line, f[0].column};
  s->frequency = crq_dist_constant(rate);
  s->frequency.kind = CRQ_DIST_POISSON;
  s->n_triggers = 1;
  s->triggers->model = loss;
  s->triggers->mark = s->mark;
  crq_dist *d = &s->triggers->inputs[0];
  *d = crq_dist_constant(0);
  d->kind = CRQ_DIST_LOGNORMAL;
  crq_lognormal_from_p90(low, high, &d->p[0], &d->p[1]);
  return 0;
}

/* Reads every record into m's scenarios. */
static void read_scenarios(csv *c, crq_model *m, char *buf) {
  unsigned loss;
  crq_loss_model_find("loss", &loss);
  size_t cap = 0;
  int first = 1;
  while (c->p < c->end) {
    field f[N_FIELDS];
    int line = c->line, column = c->column;
    int n = read_record(c, f, buf);
    if (n < 0)
      return;
    if (n == 0)
      continue;
    if (n != N_FIELDS) {
      int semicolons = 0;
      for (int i = 0; i < n && i < N_FIELDS; i++) /* those kept */
        semicolons |= strchr(f[i].text, ';') != NULL;
      crq_load_error_at(&c->ld, line, column,
                        "a line with %d field%s; "
                        "expected 5: id,name,annual_rate,low,high%s",
                        n, n == 1 ? "" : "s",
                        semicolons ? " (separated by commas, not semicolons; "
                                     "decimals with a point)"
                                   : "");
    } else if (first && crq_parse_number(trim(f[2].text), &(double){0})) {
      /* a header line */
    } else {
      if (m->n_scenarios == cap) {
        cap = cap ? 2 * cap : 32;
        crq_scenario *grown = realloc(m->scenarios, cap * sizeof *grown);
        if (!grown) {
          free_fields(f, n);
          crq_load_error_at(&c->ld, line, column,
                            "out of memory; expected "
                            "a smaller file");
          return;
        }
        m->scenarios = grown;
      }
      crq_scenario *s = &m->scenarios[m->n_scenarios];
      memset(s, 0, sizeof *s);
      if (make_scenario(c, f, loss, s) == 0)
        m->n_scenarios++;
      else
        crq_model_free_scenario(s);
    }
    first = 0;
    free_fields(f, n);
  }
}

/* A model with the defaults and a name saying where it came from. */
static crq_model *new_model(const char *path) {
  crq_model *m = crq_model_new(path);
  const char *base = strrchr(path, '/');
  if (m && asprintf(&m->name, "Imported from %s", base ? base + 1 : path) < 0)
    m->name = NULL;
  if (m)
    m->version = 1;
  return m;
}

/* Writes m to out as a model file, once the file is known to load: tens
 * of thousands of scenarios can make one beyond a model file's limits
 * (16 MiB, 2^20 YAML nodes: docs/model-format.md). */
static void write_model(csv *c, const crq_model *m, FILE *out) {
  char *text = NULL;
  size_t len = 0;
  crq_diags d;
  crq_diags_init(&d);
  crq_model *back = NULL;
  if (crq_model_yaml_text(m, c->ld.diags, &text, &len) != CRQ_OK)
    c->ld.status = CRQ_ERR_NOMEM;
  else if (crq_model_load_buffer(text, len, c->ld.file, &d, &back) != CRQ_OK)
    c->ld.status = crq_diags_add(
        c->ld.diags, CRQ_ERR_LIMIT, c->ld.file, 0, 0,
        "%zu scenarios make a model beyond a model file's limits (%s); "
        "expected fewer scenarios",
        m->n_scenarios, d.count ? d.items[0].message : "?");
  else if (fwrite(text, 1, len, out) != len)
    c->ld.status = crq_diags_add(c->ld.diags, CRQ_ERR_IO, NULL, 0, 0,
                                 "cannot write the model; expected a "
                                 "writable output");
  crq_model_free(back);
  crq_diags_free(&d);
  free(text);
}

static void import_text(csv *c, FILE *out, char *buf) {
  crq_model *m = new_model(c->ld.file);
  if (!m || !m->file || !m->name) {
    crq_model_free(m);
    crq_load_error_at(&c->ld, 0, 0, "out of memory; expected a smaller file");
    return;
  }
  read_scenarios(c, m, buf);
  if (c->ld.status == CRQ_OK && m->n_scenarios == 0)
    crq_load_error_at(&c->ld, 0, 0,
                      "no scenarios; expected lines "
                      "id,name,annual_rate,low,high");
  size_t n;
  free(CRQ_ID_INDEX(&c->ld, m->scenarios, m->n_scenarios, "scenario", &n));
  if (c->ld.status == CRQ_OK)
    write_model(c, m, out);
  crq_model_free(m);
}

crq_status crq_model_import_csv(const char *csv_path, FILE *out,
                                crq_diags *diags) {
  char *data;
  size_t len;
  if (!csv_path || !out)
    return crq_diags_add(diags, CRQ_ERR_USAGE, csv_path, 0, 0,
                         "crq_model_import_csv: no path or no output "
                         "stream");
  crq_status st = crq_read_text_file(csv_path, diags, &data, &len);
  if (st != CRQ_OK)
    return st;
  st = crq_model_import_csv_buffer(data, len, csv_path, out, diags);
  free(data);
  return st;
}

crq_status crq_model_import_csv_buffer(const char *data, size_t len,
                                       const char *name, FILE *out,
                                       crq_diags *diags) {
  char msg[128];
  if ((!data && len > 0) || !out)
    return crq_diags_add(diags, CRQ_ERR_USAGE, name, 0, 0,
                         "crq_model_import_csv_buffer: no data or no output "
                         "stream");
  data = data ? data : "";
  csv c = {.ld = {.file = name ? name : "<buffer>",
                  .diags = diags,
                  .status = CRQ_OK},
           .p = data,
           .end = data + len,
           .line = 1,
           .column = 1};
  int line, column;
  char *buf = malloc(len + 1);
  locale_t previous = crq_c_locale_enter();
  if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
    c.p += 3; /* a byte order mark */
  if (!buf) {
    crq_load_error_at(&c.ld, 0, 0, "out of memory; expected a smaller file");
  } else if (crq_utf8_check(c.p, (size_t)(c.end - c.p), &line, &column, msg)) {
    crq_load_error_at(&c.ld, line, column, "%s", msg);
  } else {
    import_text(&c, out, buf);
  }
  crq_c_locale_leave(previous);
  free(buf);
  return c.ld.status;
}
