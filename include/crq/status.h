/* crq/status.h — status codes and diagnostics shared by every crq call.
 *
 * The library never prints and never exits. Each call returns a crq_status;
 * calls that read user input also fill a crq_diags list, so that a model file
 * with five mistakes yields five messages in one pass, each with the file,
 * line and column where the mistake is. The CLI prints them as
 * "file:line:col: message" and maps the status to an exit code (docs/cli.md).
 *
 * Thread safety: a crq_diags belongs to one caller; functions that take one
 * may be called concurrently on different lists.
 */
#ifndef CRQ_STATUS_H
#define CRQ_STATUS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum crq_status {
  CRQ_OK = 0,
  CRQ_ERR_USAGE,       /* a call or command line is malformed */
  CRQ_ERR_INPUT,       /* a model file or value is invalid */
  CRQ_ERR_IO,          /* a file could not be read or written */
  CRQ_ERR_NOMEM,       /* an allocation failed */
  CRQ_ERR_LIMIT,       /* the model exceeds a documented limit */
  CRQ_ERR_NUMERIC,     /* overflow or a non-finite result */
  CRQ_ERR_INTERRUPTED, /* the caller asked the run to stop */
  CRQ_ERR_INTERNAL     /* a bug in crq: please report it */
} crq_status;

/* A short English description of a status ("invalid input", ...). */
const char *crq_strerror(crq_status status);

/* One diagnostic. line and column are 1-based; 0 means "not known". */
typedef struct crq_diag {
  crq_status status;
  char *file; /* the file the mistake is in, or NULL */
  int line;
  int column;
  char *message; /* "what is wrong; what was expected" */
} crq_diag;

/* A growable list of diagnostics. Zero-initialise or call crq_diags_init. */
typedef struct crq_diags {
  size_t count;
  size_t capacity;
  crq_diag *items;
  size_t dropped; /* messages not kept once CRQ_DIAGS_MAX were stored */
} crq_diags;

#define CRQ_DIAGS_MAX 200

/* Every crq_diags_* call takes d = NULL as a list that keeps nothing. */
void crq_diags_init(crq_diags *d);
void crq_diags_free(crq_diags *d);
void crq_diags_clear(crq_diags *d);

/* Appends a message and returns status, so callers can write
 * `return crq_diags_add(d, CRQ_ERR_INPUT, file, line, col, "...")`. */
crq_status crq_diags_add(crq_diags *d, crq_status status, const char *file,
                         int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
crq_status crq_diags_vadd(crq_diags *d, crq_status status, const char *file,
                          int line, int column, const char *fmt, va_list ap);

/* Appends " (<note>)" to the message of every diagnostic from index `from`
 * on that points at a line of a file (not one about the file as a whole,
 * nor one about a command-line option, whose file starts with "--" and
 * names it), once: a message that has the note keeps one. For callers that
 * changed or derived the model the file describes, so a message at the
 * file's line says under what change it arose: "...; expected fewer than
 * 1000000 events a year on average (at the sweep point
 * scenarios.a.frequency.rate=2500000)". */
void crq_diags_note(crq_diags *d, size_t from, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The status of the first diagnostic, or CRQ_OK when the list is empty. */
crq_status crq_diags_status(const crq_diags *d);

/* Prints every diagnostic as "file:line:col: message", one per line. */
void crq_diags_print(const crq_diags *d, FILE *out);

#ifdef __cplusplus
}
#endif
#endif
