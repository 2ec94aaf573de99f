/* models/kpi_catalogue.c — parses the embedded KPI catalogue.
 *
 * The catalogue is data (models/kpi_catalogue.tsv, embedded at build time by
 * cmake/embed.cmake), so correcting a name or adding a KPI never touches
 * code. Opening copies the text once and points the fields of each entry
 * into that copy, split at tabs and newlines. */
#include <stdlib.h>
#include <string.h>

#include "crq/kpi.h"

extern const char crq_kpi_catalogue_tsv[];
extern const size_t crq_kpi_catalogue_tsv_size;

enum { N_FIELDS = 9 };

struct crq_kpi_catalogue {
  char *text; /* owned copy of the TSV, fields NUL-terminated in place */
  size_t count;
  crq_kpi_info *items;
};

/* Splits one line into N_FIELDS tab-separated fields; 0 on success. */
static int split_line(char *line, char **fields) {
  for (int i = 0; i < N_FIELDS; i++) {
    fields[i] = line;
    char *tab = strchr(line, '\t');
    if (i < N_FIELDS - 1) {
      if (!tab)
        return -1;
      *tab = '\0';
      line = tab + 1;
    } else if (tab) {
      return -1;
    }
  }
  return 0;
}

static void fill_info(crq_kpi_info *k, char **f) {
  k->id = f[0];
  k->stage = f[1];
  k->type = f[2];
  k->lower_is_better = strcmp(f[3], "lower") == 0;
  k->unit = f[4];
  k->target = f[5];
  k->name_ja = f[6];
  k->name_en = f[7];
  k->formula = f[8];
}

crq_status crq_kpi_catalogue_open(crq_kpi_catalogue **out) {
  if (!out)
    return CRQ_ERR_USAGE;
  *out = NULL;
  crq_kpi_catalogue *cat = calloc(1, sizeof *cat);
  if (!cat)
    return CRQ_ERR_NOMEM;
  cat->text = strndup(crq_kpi_catalogue_tsv, crq_kpi_catalogue_tsv_size);
  size_t lines = 1;
  for (size_t i = 0; i < crq_kpi_catalogue_tsv_size; i++)
    lines += crq_kpi_catalogue_tsv[i] == '\n';
  cat->items = calloc(lines, sizeof *cat->items);
  if (!cat->text || !cat->items) {
    crq_kpi_catalogue_free(cat);
    return CRQ_ERR_NOMEM;
  }
  char *save = NULL;
  for (char *line = strtok_r(cat->text, "\n", &save); line;
       line = strtok_r(NULL, "\n", &save)) {
    if (line[0] == '#')
      continue;
    char *fields[N_FIELDS];
    if (split_line(line, fields) != 0) {
      crq_kpi_catalogue_free(cat);
      return CRQ_ERR_INTERNAL; /* the shipped data is malformed */
    }
    fill_info(&cat->items[cat->count++], fields);
  }
  *out = cat;
  return CRQ_OK;
}

void crq_kpi_catalogue_free(crq_kpi_catalogue *cat) {
  if (!cat)
    return;
  free(cat->text);
  free(cat->items);
  free(cat);
}

size_t crq_kpi_catalogue_count(const crq_kpi_catalogue *cat) {
  return cat->count;
}

const crq_kpi_info *crq_kpi_catalogue_get(const crq_kpi_catalogue *cat,
                                          size_t i) {
  return i < cat->count ? &cat->items[i] : NULL;
}

const crq_kpi_info *crq_kpi_catalogue_find(const crq_kpi_catalogue *cat,
                                           const char *id) {
  for (size_t i = 0; i < cat->count; i++)
    if (strcmp(cat->items[i].id, id) == 0)
      return &cat->items[i];
  return NULL;
}
