/* engine/report/table.h — plain-text tables aligned by display width.
 *
 * Report tables mix ASCII with Japanese names, which take two terminal
 * columns per character; padding by bytes or by code points would break
 * the columns. Widths come from libunistring's u8_strwidth. A table is a
 * header row plus body rows of strings (copied in); it is printed with two
 * spaces between columns, a dashed rule under the header, text columns
 * left-aligned and figure columns right-aligned.
 */
#ifndef CRQ_REPORT_TABLE_H
#define CRQ_REPORT_TABLE_H

#include <stddef.h>
#include <stdio.h>

#define CRQ_TABLE_MAX_COLS 10

typedef enum crq_align { CRQ_LEFT = 0, CRQ_RIGHT } crq_align;

typedef struct crq_table {
  size_t ncols;
  crq_align align[CRQ_TABLE_MAX_COLS];
  size_t nrows, capacity; /* rows held; row 0 is the header */
  char **cells;           /* nrows × ncols strings, row-major */
  int headerless;         /* no header row and no rule (key-value lists) */
  int failed;             /* an allocation failed; the table is incomplete */
} crq_table;

/* Starts an empty table of ncols (≤ CRQ_TABLE_MAX_COLS) columns. */
void crq_table_init(crq_table *t, size_t ncols, const crq_align *align);
void crq_table_free(crq_table *t);

/* Appends a row of ncols strings (NULL = empty cell). The first row added
 * is the header unless t->headerless is set. On allocation failure t->failed is
 * set. */
void crq_table_add(crq_table *t, const char *const *cells);

/* Prints the table, each line prefixed by `indent` spaces. */
void crq_table_print(const crq_table *t, FILE *out, int indent);

/* Terminal columns taken by a UTF-8 string (East Asian wide = 2). */
size_t crq_text_width(const char *s);

/* Prints s padded with spaces to `width` columns on the given side. */
void crq_text_pad(FILE *out, const char *s, size_t width, crq_align align);

#endif
