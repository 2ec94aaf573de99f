/* engine/util/status.c — status strings and the diagnostics list.
 *
 * Diagnostics are how the library reports user mistakes without printing:
 * each is a file:line:col plus a message, appended in the order found. The
 * list is capped (CRQ_DIAGS_MAX) so that a hostile file cannot make it grow
 * without bound; the number of dropped messages is kept. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crq/status.h"
#include "crq/version.h"

const char *crq_version(void) {
  return CRQ_VERSION_STRING;
}

const char *crq_strerror(crq_status status) {
  switch (status) {
  case CRQ_OK:
    return "success";
  case CRQ_ERR_USAGE:
    return "usage error";
  case CRQ_ERR_INPUT:
    return "invalid input";
  case CRQ_ERR_IO:
    return "input/output error";
  case CRQ_ERR_NOMEM:
    return "out of memory";
  case CRQ_ERR_LIMIT:
    return "limit exceeded";
  case CRQ_ERR_NUMERIC:
    return "numeric overflow or non-finite result";
  case CRQ_ERR_INTERRUPTED:
    return "interrupted";
  case CRQ_ERR_INTERNAL:
    return "internal error";
  }
  return "unknown status";
}

void crq_diags_init(crq_diags *d) {
  if (d)
    memset(d, 0, sizeof *d);
}

void crq_diags_clear(crq_diags *d) {
  if (!d)
    return;
  for (size_t i = 0; i < d->count; i++) {
    free(d->items[i].file);
    free(d->items[i].message);
  }
  d->count = 0;
  d->dropped = 0;
}

void crq_diags_free(crq_diags *d) {
  if (!d)
    return;
  crq_diags_clear(d);
  free(d->items);
  crq_diags_init(d);
}

crq_status crq_diags_vadd(crq_diags *d, crq_status status, const char *file,
                          int line, int column, const char *fmt, va_list ap) {
  if (!d)
    return status;
  if (d->count >= CRQ_DIAGS_MAX) {
    d->dropped++;
    return status;
  }
  if (d->count == d->capacity) {
    size_t cap = d->capacity ? 2 * d->capacity : 8;
    crq_diag *items = realloc(d->items, cap * sizeof *items);
    if (!items) {
      d->dropped++;
      return status;
    }
    d->items = items;
    d->capacity = cap;
  }
  char *msg = NULL;
  if (vasprintf(&msg, fmt ? fmt : "(no message)", ap) < 0) {
    d->dropped++;
    return status;
  }
  crq_diag *g = &d->items[d->count++];
  g->status = status;
  g->file = file ? strdup(file) : NULL;
  g->line = line;
  g->column = column;
  g->message = msg;
  return status;
}

crq_status crq_diags_add(crq_diags *d, crq_status status, const char *file,
                         int line, int column, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  crq_status s = crq_diags_vadd(d, status, file, line, column, fmt, ap);
  va_end(ap);
  return s;
}

/* Whether message already carries " (note)". */
static int has_note(const char *message, const char *note) {
  for (const char *p = strstr(message, note); p; p = strstr(p + 1, note))
    if (p > message + 1 && p[-1] == '(' && p[-2] == ' ' &&
        p[strlen(note)] == ')')
      return 1;
  return 0;
}

void crq_diags_note(crq_diags *d, size_t from, const char *fmt, ...) {
  char *note = NULL;
  va_list ap;
  va_start(ap, fmt);
  int len = vasprintf(&note, fmt, ap);
  va_end(ap);
  for (size_t i = from; d && len >= 0 && i < d->count; i++) {
    crq_diag *g = &d->items[i];
    char *msg;
    if (!g->file || g->line <= 0 || strncmp(g->file, "--", 2) == 0 ||
        has_note(g->message, note) ||
        asprintf(&msg, "%s (%s)", g->message, note) < 0)
      continue;
    free(g->message);
    g->message = msg;
  }
  if (len >= 0)
    free(note);
}

crq_status crq_diags_status(const crq_diags *d) {
  return d && d->count ? d->items[0].status : CRQ_OK;
}

void crq_diags_print(const crq_diags *d, FILE *out) {
  if (!d || !out)
    return;
  for (size_t i = 0; i < d->count; i++) {
    const crq_diag *g = &d->items[i];
    if (g->file && g->line > 0)
      fprintf(out, "%s:%d:%d: %s\n", g->file, g->line, g->column, g->message);
    else if (g->file)
      fprintf(out, "%s: %s\n", g->file, g->message);
    else
      fprintf(out, "crq: %s\n", g->message);
  }
  if (d->dropped)
    fprintf(out, "crq: %zu more messages not shown\n", d->dropped);
}
