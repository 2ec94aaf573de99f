/* engine/model/load.c — the entry points of model loading: read the file
 * (bounded to CRQ_YAML_MAX_BYTES), parse it into a tree, validate it into
 * a crq_model.
 *
 * Numbers are parsed and printed under the C locale whatever the host
 * program's locale, by switching only the calling thread's locale
 * (uselocale) for the duration of the call. GSL's abort-on-error handler
 * is switched off once, since the loader calls GSL (normal CDFs, quantiles
 * of the distributions) and must return errors, never abort.
 */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crq/kpi.h"
#include "load.h"
#include "model_io.h"
#include "util/init.h"

locale_t crq_c_locale_enter(void) {
  crq_library_init();
  locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
  return c ? uselocale(c) : (locale_t)0;
}

void crq_c_locale_leave(locale_t previous) {
  if (!previous)
    return;
  locale_t c = uselocale(previous);
  freelocale(c);
}

crq_status crq_model_load_buffer(const char *data, size_t len, const char *name,
                                 crq_diags *diags, crq_model **out) {
  const char *file = name ? name : "<buffer>";
  if (!out)
    return crq_diags_add(diags, CRQ_ERR_USAGE, file, 0, 0,
                         "no model pointer; expected where to put the model");
  *out = NULL;
  if (!data && len > 0)
    return crq_diags_add(diags, CRQ_ERR_USAGE, file, 0, 0,
                         "no data; expected a model text");
  return crq_model_load_buffer_set(data, len, name, NULL, 0, diags, out);
}

crq_status crq_load_tree(const crq_ynode *root, const char *file,
                         crq_diags *diags, crq_model **out) {
  crq_load ld = {.file = file, .diags = diags, .status = CRQ_OK};
  *out = crq_load_model(&ld, root);
  free(ld.scenario_ids);
  free(ld.kpi_ids);
  free(ld.scenario_names);
  free(ld.kpi_names);
  crq_kpi_catalogue_free(ld.catalogue);
  return ld.status;
}

crq_status crq_read_text_file(const char *path, crq_diags *diags, char **data,
                              size_t *len) {
  char err[128];
  *data = NULL;
  *len = 0;
  FILE *f = fopen(path, "rb");
  struct stat st;
  if (!f || fstat(fileno(f), &st) != 0) {
    int e = errno;
    if (f)
      fclose(f);
    return crq_diags_add(diags, CRQ_ERR_IO, path, 0, 0,
                         "cannot open the file: %s; expected a readable file",
                         strerror_r(e, err, sizeof err));
  }
  if (S_ISREG(st.st_mode) && (size_t)st.st_size > CRQ_YAML_MAX_BYTES) {
    fclose(f);
    return crq_diags_add(diags, CRQ_ERR_LIMIT, path, 0, 0,
                         "the file is %lld bytes; expected at most %zu (16 "
                         "MiB)",
                         (long long)st.st_size, CRQ_YAML_MAX_BYTES);
  }
  /* read at most one byte past the limit, so pipes are bounded too */
  size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536;
  char *buf = NULL;
  size_t n = 0;
  for (;;) {
    char *grown = realloc(buf, cap + 1);
    if (!grown) {
      free(buf);
      fclose(f);
      return crq_diags_add(diags, CRQ_ERR_NOMEM, path, 0, 0,
                           "out of memory reading the file; expected a "
                           "smaller file");
    }
    buf = grown;
    n += fread(buf + n, 1, cap - n, f);
    if (n < cap || n > CRQ_YAML_MAX_BYTES)
      break;
    cap = cap * 2 > CRQ_YAML_MAX_BYTES + 1 ? CRQ_YAML_MAX_BYTES + 1 : cap * 2;
  }
  int failed = ferror(f);
  int e = errno;
  fclose(f);
  if (failed || n > CRQ_YAML_MAX_BYTES) {
    free(buf);
    if (failed)
      return crq_diags_add(diags, CRQ_ERR_IO, path, 0, 0,
                           "cannot read the file: %s; expected a readable "
                           "file",
                           strerror_r(e, err, sizeof err));
    return crq_diags_add(diags, CRQ_ERR_LIMIT, path, 0, 0,
                         "the file is over %zu bytes; expected at most 16 "
                         "MiB",
                         CRQ_YAML_MAX_BYTES);
  }
  buf[n] = '\0';
  *data = buf;
  *len = n;
  return CRQ_OK;
}

crq_status crq_model_load_file(const char *path, crq_diags *diags,
                               crq_model **out) {
  return crq_model_load_file_set(path, NULL, 0, diags, out);
}
