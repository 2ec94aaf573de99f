/* engine/model/override_load.c — loading models with what-if assignments:
 * the --set entry points of crq/model.h and the model sources of
 * crq/whatif.h.
 *
 * A model source keeps the text a model was loaded from and the
 * assignments applied to it, so that every variant a what-if driver needs
 * (a sweep point, a sensitivity end point) is loaded from the same text
 * with one more assignment, in the spelling of the user's own file. A
 * source made from an already-loaded model uses its canonical form
 * (crq_model_write_yaml), which loads back into the same model.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "crq/whatif.h"
#include "load.h"
#include "model_io.h"
#include "override.h"

struct crq_model_source {
  char *text; /* the model file's contents */
  size_t len;
  char *name;  /* for diagnostics: the file, or the model's file */
  char **sets; /* applied to every variant, before the variant's own */
  size_t n_sets;
  crq_model *model; /* text with sets applied */
};

/* CRQ_ERR_USAGE when sets[0..n) is not n assignments (NULL, or a NULL
 * among them), else CRQ_OK. */
static crq_status check_sets(const char *const *sets, size_t n,
                             const char *file, crq_diags *diags) {
  for (size_t i = 0; i < n; i++)
    if (!sets || !sets[i])
      return crq_diags_add(diags, CRQ_ERR_USAGE, file, 0, 0,
                           "assignment %zu is NULL; expected n_sets "
                           "assignments PATH=VALUE",
                           i + 1);
  return CRQ_OK;
}

static crq_status load_buffer(const char *data, size_t len, const char *name,
                              const char *const *sets, size_t n_base,
                              size_t n_sets, crq_diags *diags, crq_model **out);

/* After a mistaken assignment: the model's own errors, with the other
 * assignments (those applied[k] marks) made, into diags. The mistake is
 * often the file's (a misspelt key the assignment could not find), and
 * the file's error says so where the assignment's cannot. The text is
 * loaded again, as the mistaken assignment may have left its tree part
 * changed; the assignments made now all apply, as they did. */
static void add_file_errors(const char *data, size_t len, const char *file,
                            const char *const *sets, size_t n_base,
                            size_t n_sets, const unsigned char *applied,
                            crq_diags *diags) {
  const char **made = malloc((n_sets + 1) * sizeof *made);
  size_t n = 0, base = 0;
  crq_model *model = NULL;
  for (size_t k = 0; made && k < n_sets; k++)
    if (applied[k]) {
      base += k < n_base;
      made[n++] = sets[k];
    }
  if (made &&
      load_buffer(data, len, file, made, base, n, diags, &model) == CRQ_OK)
    crq_model_free(model);
  free(made);
}

/* crq_model_load_buffer_set with the assignments in two groups,
 * sets[0 .. n_base) and the rest: the second (a variant's) may assign
 * again what the first (the user's) set. */
static crq_status load_buffer(const char *data, size_t len, const char *name,
                              const char *const *sets, size_t n_base,
                              size_t n_sets, crq_diags *diags,
                              crq_model **out) {
  const char *file = name ? name : "<buffer>";
  if (!out)
    return crq_diags_add(diags, CRQ_ERR_USAGE, file, 0, 0,
                         "no model pointer; expected where to put the model");
  *out = NULL;
  if (!data && len > 0)
    return crq_diags_add(diags, CRQ_ERR_USAGE, file, 0, 0,
                         "no data; expected a model text");
  if (check_sets(sets, n_sets, file, diags) != CRQ_OK)
    return CRQ_ERR_USAGE;
  locale_t previous = crq_c_locale_enter();
  crq_ynode *root = NULL;
  size_t from = diags ? diags->count : 0;
  crq_status st = crq_ytree_parse(data ? data : "", len, file, diags, &root);
  /* a tree despite an error: duplicate keys alone, which leave it whole,
   * so the file's other mistakes are reported now too, not one run of crq
   * validate later; st stays that error */
  int whole = st != CRQ_OK && root;
  unsigned char *applied = root ? calloc(n_sets + 1, 1) : NULL;
  if (root && !applied) {
    st = crq_diags_add(diags, CRQ_ERR_NOMEM, file, 0, 0,
                       "out of memory applying the assignments");
  } else if (root) {
    crq_status ov =
        crq_override_apply(root, sets, n_base, n_sets, applied, diags);
    if (ov == CRQ_OK) {
      size_t loaded = diags ? diags->count : 0;
      crq_status ls = crq_load_tree(root, file, diags, out);
      crq_override_attribute(diags, from, sets, n_sets);
      crq_model_note_sets(diags, loaded, sets, n_base);
      if (whole) {
        crq_model_free(*out);
        *out = NULL;
      } else {
        st = ls;
      }
    } else if (!whole) {
      st = ov;
      if (ov == CRQ_ERR_INPUT)
        add_file_errors(data ? data : "", len, file, sets, n_base, n_sets,
                        applied, diags);
    }
  }
  free(applied);
  crq_ynode_free(root);
  crq_c_locale_leave(previous);
  return st;
}

void crq_model_note_sets(crq_diags *d, size_t from, const char *const *sets,
                         size_t n) {
  char *note = NULL;
  size_t len = 0;
  FILE *f = n ? open_memstream(&note, &len) : NULL;
  if (!f)
    return;
  for (size_t i = 0; i < n; i++)
    fprintf(f, "%s--set %s", i ? ", " : "", sets[i]);
  if (fclose(f) == 0)
    crq_diags_note(d, from, "with %s", note);
  free(note);
}

crq_status crq_model_load_buffer_set(const char *data, size_t len,
                                     const char *name, const char *const *sets,
                                     size_t n_sets, crq_diags *diags,
                                     crq_model **out) {
  return load_buffer(data, len, name, sets, n_sets, n_sets, diags, out);
}

crq_status crq_model_load_file_set(const char *path, const char *const *sets,
                                   size_t n_sets, crq_diags *diags,
                                   crq_model **out) {
  char *data;
  size_t len;
  if (out)
    *out = NULL;
  if (!out || !path)
    return crq_diags_add(diags, CRQ_ERR_USAGE, path, 0, 0,
                         "no path or no model pointer; expected a file to "
                         "read and where to put the model");
  crq_status st = crq_read_text_file(path, diags, &data, &len);
  if (st != CRQ_OK)
    return st;
  st = crq_model_load_buffer_set(data, len, path, sets, n_sets, diags, out);
  free(data);
  return st;
}

crq_status crq_model_override(const crq_model *model, const char *const *sets,
                              size_t n_sets, crq_diags *diags,
                              crq_model **out) {
  char *text;
  size_t len;
  if (!model || !out)
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "crq_model_override: no model or no model pointer");
  *out = NULL;
  if (crq_model_yaml_text(model, diags, &text, &len) != CRQ_OK)
    return CRQ_ERR_NOMEM;
  crq_status st = crq_model_load_buffer_set(text, len, model->file, sets,
                                            n_sets, diags, out);
  free(text);
  return st;
}

crq_status crq_model_parse_amount(const crq_model *model, const char *text,
                                  const char *what, crq_diags *diags,
                                  double *out) {
  crq_amount a;
  if (!model || !text || !out)
    return crq_diags_add(diags, CRQ_ERR_USAGE, what, 0, 0,
                         "crq_model_parse_amount: no model, text or result "
                         "pointer");
  locale_t previous = crq_c_locale_enter();
  int rc = crq_parse_amount(text, &a);
  crq_c_locale_leave(previous);
  if (rc == 0 &&
      crq_amount_convert(&a, model->currency, model->fx, model->n_fx, out) == 0)
    return CRQ_OK;
  if (rc == 0)
    return crq_diags_add(diags, CRQ_ERR_INPUT, what, 0, 0,
                         "'%s': no exchange rate for %s; expected an amount "
                         "in %s or organisation.fx.%s in the model",
                         text, a.currency, model->currency, a.currency);
  return crq_diags_add(diags, CRQ_ERR_INPUT, what, 0, 0,
                       "'%s' is not %s; expected a number or an amount such "
                       "as 3億, 1.5M or 20M EUR",
                       text, rc == -2 ? "finite" : "an amount");
}

void crq_model_source_free(crq_model_source *src) {
  if (!src)
    return;
  for (size_t i = 0; i < src->n_sets; i++)
    free(src->sets[i]);
  free(src->sets);
  free(src->text);
  free(src->name);
  crq_model_free(src->model);
  free(src);
}

/* A source holding text (taken) and copies of name and sets, its model
 * loaded. */
static crq_status source_new(char *text, size_t len, const char *name,
                             const char *const *sets, size_t n_sets,
                             crq_diags *diags, crq_model_source **out) {
  crq_model_source *s = calloc(1, sizeof *s);
  *out = NULL;
  if (s) {
    s->text = text;
    s->len = len;
    s->name = strdup(name);
    s->sets = calloc(n_sets + 1, sizeof *s->sets);
  } else {
    free(text);
  }
  for (size_t i = 0; s && s->sets && i < n_sets; i++, s->n_sets++)
    if (!(s->sets[i] = strdup(sets[i])))
      break;
  if (!s || !s->name || !s->sets || s->n_sets < n_sets) {
    crq_model_source_free(s);
    return crq_diags_add(diags, CRQ_ERR_NOMEM, name, 0, 0,
                         "out of memory; expected a smaller model");
  }
  crq_status st = crq_model_load_buffer_set(
      text, len, name, (const char *const *)s->sets, n_sets, diags, &s->model);
  if (st != CRQ_OK) {
    crq_model_source_free(s);
    return st;
  }
  *out = s;
  return CRQ_OK;
}

crq_status crq_model_source_load(const char *path, const char *const *sets,
                                 size_t n_sets, crq_diags *diags,
                                 crq_model_source **out) {
  char *text;
  size_t len;
  if (!path || !out)
    return crq_diags_add(diags, CRQ_ERR_USAGE, path, 0, 0,
                         "crq_model_source_load: no path or no source "
                         "pointer");
  *out = NULL;
  if (check_sets(sets, n_sets, path, diags) != CRQ_OK)
    return CRQ_ERR_USAGE;
  crq_status st = crq_read_text_file(path, diags, &text, &len);
  if (st != CRQ_OK)
    return st;
  return source_new(text, len, path, sets, n_sets, diags, out);
}

crq_status crq_model_source_of(const crq_model *model, crq_diags *diags,
                               crq_model_source **out) {
  char *text;
  size_t len;
  if (!model || !out)
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "crq_model_source_of: no model or no source pointer");
  *out = NULL;
  if (crq_model_yaml_text(model, diags, &text, &len) != CRQ_OK)
    return CRQ_ERR_NOMEM;
  return source_new(text, len, model->file, NULL, 0, diags, out);
}

const crq_model *crq_model_source_model(const crq_model_source *src) {
  return src->model;
}

crq_status crq_model_source_variant(const crq_model_source *src,
                                    const char *const *sets, size_t n_sets,
                                    crq_diags *diags, crq_model **out) {
  if (!src || !out)
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "crq_model_source_variant: no source or no model "
                         "pointer");
  *out = NULL;
  if (check_sets(sets, n_sets, src->name, diags) != CRQ_OK)
    return CRQ_ERR_USAGE;
  size_t n = src->n_sets + n_sets;
  const char **all = malloc((n + 1) * sizeof *all);
  if (!all)
    return crq_diags_add(diags, CRQ_ERR_NOMEM, src->name, 0, 0,
                         "out of memory; expected a smaller model");
  for (size_t i = 0; i < src->n_sets; i++)
    all[i] = src->sets[i];
  for (size_t i = 0; i < n_sets; i++)
    all[src->n_sets + i] = sets[i];
  crq_status st = load_buffer(src->text, src->len, src->name, all, src->n_sets,
                              n, diags, out);
  free(all);
  return st;
}
