/* engine/model/override.c — applies what-if assignments PATH=VALUE to a
 * model's YAML tree (see override.h for the path syntax and the marks).
 *
 * Editing the tree rather than the validated model keeps one source of
 * truth for what a valid model is: the loader runs on the edited tree
 * exactly as on a file, so an assignment can do anything the file could
 * say, in the file's own spelling (a lognormal's p95, an amount in 億),
 * and is refused with the same messages. Only what the loader cannot know
 * is checked here: that the path leads somewhere (list items by id or
 * position, no key inside a number) and that VALUE is one YAML value.
 */
#include "override.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suggest.h"

/* One assignment being applied. */
typedef struct assign {
  const char *arg; /* "PATH=VALUE" as given */
  char *file;      /* "--set PATH=VALUE": where its mistakes are */
  int column;      /* k + 1: the mark of the nodes it creates */
  crq_diags *diags;
  /* The values the earlier assignments of the same call put in place
   * (NULL where one failed), and those assignments as given; the first
   * of this one's group (crq_override_apply). */
  crq_ynode *const *placed;
  const char *const *sets;
  int first;
} assign;

__attribute__((format(printf, 3, 4))) static crq_status
fail(const assign *a, crq_status status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  crq_diags_vadd(a->diags, status, a->file ? a->file : "--set", 0, 0, fmt, ap);
  va_end(ap);
  return status;
}

static crq_status out_of_memory(const assign *a) {
  return fail(a, CRQ_ERR_NOMEM,
              "out of memory applying the assignment; expected a smaller "
              "model");
}

/* Marks node and everything below it as made by assignment a. */
static void mark(crq_ynode *node, int column) {
  node->line = 0;
  node->column = column;
  for (size_t i = 0; i < node->count; i++)
    if (node->items[i])
      mark(node->items[i], column);
}

static crq_ynode *new_node(const assign *a, crq_ynode_kind kind,
                           const char *text, size_t len) {
  crq_ynode *n = calloc(1, sizeof *n);
  if (!n)
    return NULL;
  n->kind = kind;
  n->column = a->column;
  n->plain = 1;
  if (text && !(n->text = strndup(text, len))) {
    free(n);
    return NULL;
  }
  return n;
}

/* Turns a null scalar into an empty mapping (a block such as `indirect:`
 * that an assignment descends into). */
static void null_to_map(const assign *a, crq_ynode *node) {
  free(node->text);
  node->text = NULL;
  node->kind = CRQ_YMAP;
  node->plain = 0;
  node->line = 0;
  node->column = a->column;
}

/* The slot of key's value in map, or NULL. */
static crq_ynode **map_slot(crq_ynode *map, const char *key, size_t len) {
  for (size_t i = 0; i < map->n; i++) {
    const char *k = map->items[2 * i]->text;
    if (strlen(k) == len && memcmp(k, key, len) == 0)
      return &map->items[2 * i + 1];
  }
  return NULL;
}

/* Appends key: value to map (taking value); returns the value's slot, or
 * NULL when out of memory (value is then freed). */
static crq_ynode **map_add(const assign *a, crq_ynode *map, const char *key,
                           size_t len, crq_ynode *value) {
  crq_ynode *k = new_node(a, CRQ_YSCALAR, key, len);
  if (k && map->count + 2 > map->cap) {
    size_t cap = map->cap ? 2 * map->cap : 4;
    crq_ynode **items = realloc(map->items, cap * sizeof *items);
    if (items) {
      map->items = items;
      map->cap = cap;
    }
  }
  if (!k || !value || map->count + 2 > map->cap) {
    crq_ynode_free(k);
    crq_ynode_free(value);
    return NULL;
  }
  map->items[map->count++] = k;
  map->items[map->count++] = value;
  map->n = map->count / 2;
  return &map->items[map->count - 1];
}

/* The earlier assignment of the group whose value lies in node's tree,
 * or -1. */
static int earlier_in(const assign *a, const crq_ynode *node) {
  for (int k = a->first; k < a->column - 1; k++)
    if (a->placed[k] == node)
      return k;
  for (size_t i = 0; i < node->count; i++) {
    int k = node->items[i] ? earlier_in(a, node->items[i]) : -1;
    if (k >= 0)
      return k;
  }
  return -1;
}

/* Puts value (taken) in place of *slot, unless that would undo an earlier
 * assignment of the same call: two assignments of one value (by the same
 * path, by index and by id, or through frequency.rate) would leave only
 * the last, and a sweep's two axes of one value a grid of the same
 * figures under different labels. */
static crq_status replace(const assign *a, crq_ynode **slot, crq_ynode *value) {
  int k = earlier_in(a, *slot);
  if (k >= 0) {
    crq_ynode_free(value);
    return fail(a, CRQ_ERR_USAGE,
                "it assigns again what '%s' assigned; expected each value "
                "assigned once",
                a->sets[k]);
  }
  crq_ynode_free(*slot);
  *slot = value;
  return CRQ_OK;
}

/* Sets key to value in map, replacing or adding. */
static crq_status map_set(const assign *a, crq_ynode *map, const char *key,
                          crq_ynode *value) {
  crq_ynode **slot = map_slot(map, key, strlen(key));
  if (slot)
    return replace(a, slot, value);
  return map_add(a, map, key, strlen(key), value) ? CRQ_OK : out_of_memory(a);
}

/* frequency.rate: the mean of a poisson or negbin, the p of a bernoulli,
 * whichever form the frequency is written in. */
static crq_status set_rate(const assign *a, crq_ynode *freq, crq_ynode *value) {
  static const char *const kinds[][2] = {
      {"poisson", "mean"}, {"negbin", "mean"}, {"bernoulli", "p"}};
  const char *kind = freq->n == 1 ? freq->items[0]->text : "";
  crq_ynode **slot = freq->n == 1 ? &freq->items[1] : NULL;
  for (size_t i = 0; slot && i < sizeof kinds / sizeof kinds[0]; i++) {
    if (strcmp(kind, kinds[i][0]) != 0)
      continue;
    if ((*slot)->kind == CRQ_YMAP)
      return map_set(a, *slot, kinds[i][1], value);
    if ((*slot)->kind == CRQ_YSCALAR && i != 1) /* {poisson: x} */
      return replace(a, slot, value);
  }
  crq_ynode_free(value);
  return fail(a, CRQ_ERR_INPUT,
              "frequency.rate: the frequency is %s%s%s; expected a poisson, "
              "negbin or bernoulli frequency (set the whole frequency "
              "instead, e.g. frequency={poisson: 0.3})",
              *kind ? "a " : "not one distribution", kind,
              *kind ? " distribution" : "");
}

/* The id of a list item (a mapping's scalar "id"), or NULL. */
static const char *item_id(const crq_ynode *item) {
  const crq_ynode *id = crq_ymap_get(item, "id");
  return id && id->kind == CRQ_YSCALAR ? id->text : NULL;
}

/* Reports an item of list `where` that is not there, with the closest id
 * or the list of ids. */
static crq_status no_item(const assign *a, const crq_ynode *seq,
                          const char *where, const char *word) {
  const char **ids = calloc(seq->n + 1, sizeof *ids);
  if (!ids)
    return out_of_memory(a);
  size_t n = 0, shown = 0;
  char list[400] = "";
  for (size_t i = 0; i < seq->n; i++)
    if ((ids[n] = item_id(seq->items[i])))
      n++;
  const char *near = crq_suggest(word, ids, n);
  for (size_t i = 0; i < n && strlen(list) < 300; i++, shown++)
    snprintf(list + strlen(list), sizeof list - strlen(list), "%s'%s'",
             i ? ", " : "", ids[i]);
  crq_status st;
  if (near)
    st = fail(a, CRQ_ERR_INPUT, "no item '%s' in %s; did you mean '%s'?", word,
              where, near);
  else if (n)
    st = fail(a, CRQ_ERR_INPUT, "no item '%s' in %s; expected one of %s%s",
              word, where, list, shown < n ? ", ..." : "");
  else
    st = fail(a, CRQ_ERR_INPUT,
              "no item '%s' in %s; expected a position from 0 to %zu", word,
              where, seq->n ? seq->n - 1 : 0);
  free(ids);
  return st;
}

/* The item of seq that rest starts with: the longest id followed by '.'
 * or the end, else a 0-based position. Sets *used to the characters the
 * item takes; NULL after reporting. */
static crq_ynode **seq_item(const assign *a, crq_ynode *seq, const char *where,
                            const char *rest, size_t *used) {
  size_t best = (size_t)-1, best_len = 0;
  for (size_t i = 0; i < seq->n; i++) {
    const char *id = item_id(seq->items[i]);
    size_t len = id ? strlen(id) : 0;
    if (len > best_len && strncmp(rest, id, len) == 0 &&
        (rest[len] == '.' || rest[len] == '\0')) {
      best = i;
      best_len = len;
    }
  }
  size_t seg = strcspn(rest, ".");
  if (best == (size_t)-1 && seg > 0 && seg < 10 &&
      strspn(rest, "0123456789") == seg) {
    size_t i = (size_t)strtoul(rest, NULL, 10);
    if (i < seq->n) {
      best = i;
      best_len = seg;
    }
  }
  if (best == (size_t)-1) {
    char word[80];
    snprintf(word, sizeof word, "%.*s", (int)(seg < 64 ? seg : 64), rest);
    no_item(a, seq, where, word);
    return NULL;
  }
  *used = best_len;
  return &seq->items[best];
}

/* The part of path before rest ("the model" at the start), for messages. */
static const char *walked(const char *path, const char *rest, char buf[256]) {
  if (rest == path)
    return "the model";
  snprintf(buf, 256, "%.*s", (int)(rest - path - 1), path);
  return buf;
}

/* One step of the walk at a mapping: the slot of key rest[0..len), added
 * (holding value when last, else an empty mapping) when missing; NULL
 * after reporting. */
static crq_ynode **map_step(const assign *a, crq_ynode *map, const char *rest,
                            size_t len, int last, crq_ynode *value) {
  crq_ynode **slot = map_slot(map, rest, len);
  if (slot)
    return slot;
  slot =
      map_add(a, map, rest, len, last ? value : new_node(a, CRQ_YMAP, NULL, 0));
  if (!slot)
    out_of_memory(a);
  return slot;
}

/* Walks path (NUL-terminated) from root and puts value (taken) at its end. */
static crq_status put(const assign *a, crq_ynode *root, const char *path,
                      crq_ynode *value) {
  crq_ynode *node = root;
  const char *rest = path;
  int via_frequency = 0; /* node is the value of a key "frequency" */
  char buf[256];
  for (;;) {
    if (node->kind == CRQ_YSCALAR && crq_ynode_is_null(node))
      null_to_map(a, node);
    size_t len = strcspn(rest, ".");
    int last = rest[len] == '\0';
    crq_status st = CRQ_ERR_INPUT;
    crq_ynode **slot = NULL;
    if (len == 0)
      st = fail(a, CRQ_ERR_USAGE,
                "the path has an empty key after '%s'; expected keys "
                "separated by single dots, e.g. organisation.annual_revenue",
                walked(path, rest, buf));
    else if (node->kind == CRQ_YMAP && last && via_frequency &&
             strcmp(rest, "rate") == 0 && !map_slot(node, rest, len))
      return set_rate(a, node, value);
    else if (node->kind == CRQ_YMAP) {
      if ((slot = map_step(a, node, rest, len, last, value)) && last &&
          *slot == value) /* added */
        return CRQ_OK;
      if (!slot)
        return last ? CRQ_ERR_NOMEM : (crq_ynode_free(value), CRQ_ERR_NOMEM);
      via_frequency = len == 9 && memcmp(rest, "frequency", 9) == 0;
    } else if (node->kind == CRQ_YSEQ) {
      slot = seq_item(a, node, walked(path, rest, buf), rest, &len);
      last = slot && rest[len] == '\0';
      via_frequency = 0;
    } else {
      st = fail(a, CRQ_ERR_INPUT,
                "'%s' is %s, not a mapping or a list; expected a path that "
                "ends at it or at a key inside a mapping",
                walked(path, rest, buf), crq_ynode_what(node));
    }
    if (!slot) {
      crq_ynode_free(value);
      return st;
    }
    if (last)
      return replace(a, slot, value);
    node = *slot;
    rest += len + 1;
  }
}

/* Reads VALUE as one YAML value (the value of "v: VALUE"). */
static crq_status parse_value(const assign *a, const char *text,
                              crq_ynode **out) {
  size_t len = strlen(text), before = a->diags ? a->diags->count : 0;
  char *doc = malloc(len + 4);
  if (!doc)
    return out_of_memory(a);
  memcpy(doc, "v: ", 3);
  memcpy(doc + 3, text, len + 1);
  crq_ynode *root = NULL;
  crq_status st = crq_ytree_parse(doc, len + 3, a->file, a->diags, &root);
  free(doc);
  for (size_t i = before; a->diags && i < a->diags->count; i++)
    a->diags->items[i].line = a->diags->items[i].column = 0;
  if (st != CRQ_OK) {
    crq_ynode_free(root);
    return st;
  }
  if (root->n != 1 || strcmp(root->items[0]->text, "v") != 0) {
    crq_ynode_free(root);
    return fail(a, CRQ_ERR_INPUT,
                "VALUE is not one YAML value; expected a number, a string or "
                "a flow value such as {poisson: 0.3}");
  }
  *out = root->items[1];
  root->items[1] = NULL;
  crq_ynode_free(root);
  mark(*out, a->column);
  return CRQ_OK;
}

/* Applies one assignment; *placed is its value in the tree, or NULL. */
static crq_status apply_one(assign *a, crq_ynode *root, crq_ynode **placed) {
  const char *eq = strchr(a->arg, '=');
  *placed = NULL;
  if (!eq || eq == a->arg)
    return fail(a, CRQ_ERR_USAGE,
                "expected PATH=VALUE, e.g. "
                "scenarios.ransomware.frequency.rate=0.3");
  char *path = strndup(a->arg, (size_t)(eq - a->arg));
  crq_ynode *value = NULL;
  crq_status st = path ? parse_value(a, eq + 1, &value) : out_of_memory(a);
  if (st == CRQ_OK && (st = put(a, root, path, value)) == CRQ_OK)
    *placed = value;
  free(path);
  return st;
}

crq_status crq_override_apply(crq_ynode *root, const char *const *sets,
                              size_t n_base, size_t n, unsigned char *applied,
                              crq_diags *diags) {
  crq_status first = CRQ_OK;
  crq_ynode **placed = calloc(n + 1, sizeof *placed);
  if (!placed)
    return crq_diags_add(diags, CRQ_ERR_NOMEM, "--set", 0, 0,
                         "out of memory applying the assignments");
  for (size_t k = 0; k < n; k++) {
    assign a = {.arg = sets[k],
                .column = (int)k + 1,
                .diags = diags,
                .placed = placed,
                .sets = sets,
                .first = k < n_base ? 0 : (int)n_base};
    if (asprintf(&a.file, "--set %s", sets[k]) < 0)
      a.file = NULL;
    crq_status st =
        a.file ? apply_one(&a, root, &placed[k]) : out_of_memory(&a);
    free(a.file);
    if (applied)
      applied[k] = st == CRQ_OK;
    if (first == CRQ_OK)
      first = st;
  }
  free(placed);
  return first;
}

void crq_override_attribute(crq_diags *diags, size_t from,
                            const char *const *sets, size_t n) {
  for (size_t i = from; diags && i < diags->count; i++) {
    crq_diag *g = &diags->items[i];
    if (g->line != 0 || g->column < 1 || (size_t)g->column > n)
      continue;
    char *file;
    if (asprintf(&file, "--set %s", sets[g->column - 1]) < 0)
      continue;
    free(g->file);
    g->file = file;
    g->column = 0;
  }
}
