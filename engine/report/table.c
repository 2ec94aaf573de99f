/* engine/report/table.c — plain-text tables aligned by display width (see
 * table.h). */
#include "table.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uniwidth.h>

size_t crq_text_width(const char *s) {
  /* "UTF-8" as the encoding hint: ambiguous-width characters count as
   * narrow, as in most terminals. */
  int w = u8_strwidth((const uint8_t *)s, "UTF-8");
  return w < 0 ? strlen(s) : (size_t)w;
}

void crq_text_pad(FILE *out, const char *s, size_t width, crq_align align) {
  size_t w = crq_text_width(s);
  size_t pad = w < width ? width - w : 0;
  if (align == CRQ_RIGHT)
    fprintf(out, "%*s", (int)pad, "");
  fputs(s, out);
  if (align == CRQ_LEFT)
    fprintf(out, "%*s", (int)pad, "");
}

void crq_table_init(crq_table *t, size_t ncols, const crq_align *align) {
  memset(t, 0, sizeof *t);
  t->ncols = ncols < CRQ_TABLE_MAX_COLS ? ncols : CRQ_TABLE_MAX_COLS;
  for (size_t c = 0; c < t->ncols; c++)
    t->align[c] = align ? align[c] : CRQ_LEFT;
}

void crq_table_free(crq_table *t) {
  for (size_t i = 0; i < t->nrows * t->ncols; i++)
    free(t->cells[i]);
  free(t->cells);
  memset(t, 0, sizeof *t);
}

void crq_table_add(crq_table *t, const char *const *cells) {
  if (t->failed)
    return;
  if (t->nrows == t->capacity) {
    size_t cap = t->capacity ? 2 * t->capacity : 16;
    char **grown = realloc(t->cells, cap * t->ncols * sizeof *grown);
    if (!grown) {
      t->failed = 1;
      return;
    }
    t->cells = grown;
    t->capacity = cap;
  }
  char **row = t->cells + t->nrows * t->ncols;
  for (size_t c = 0; c < t->ncols; c++) {
    row[c] = strdup(cells[c] ? cells[c] : "");
    if (!row[c])
      t->failed = 1;
  }
  t->nrows++;
}

/* Prints one row, stopping after its last non-empty cell so that no line
 * ends in spaces. */
static void print_row(const crq_table *t, FILE *out, size_t r,
                      const size_t *width, int indent) {
  char *const *row = t->cells + r * t->ncols;
  size_t end = t->ncols;
  while (end > 0 && (!row[end - 1] || !row[end - 1][0]))
    end--;
  fprintf(out, "%*s", indent, "");
  for (size_t c = 0; c < end; c++) {
    const char *cell = row[c] ? row[c] : "";
    if (c > 0)
      fputs("  ", out);
    if (c + 1 == end && t->align[c] == CRQ_LEFT)
      fputs(cell, out);
    else
      crq_text_pad(out, cell, width[c], t->align[c]);
  }
  fputc('\n', out);
}

void crq_table_print(const crq_table *t, FILE *out, int indent) {
  size_t width[CRQ_TABLE_MAX_COLS] = {0}, total = 0;
  for (size_t r = 0; r < t->nrows; r++)
    for (size_t c = 0; c < t->ncols; c++) {
      const char *cell = t->cells[r * t->ncols + c];
      size_t w = cell ? crq_text_width(cell) : 0;
      if (w > width[c])
        width[c] = w;
    }
  for (size_t c = 0; c < t->ncols; c++)
    total += width[c] + (c > 0 ? 2 : 0);
  for (size_t r = 0; r < t->nrows; r++) {
    print_row(t, out, r, width, indent);
    if (r == 0 && !t->headerless) {
      fprintf(out, "%*s", indent, "");
      for (size_t i = 0; i < total; i++)
        fputc('-', out);
      fputc('\n', out);
    }
  }
}
