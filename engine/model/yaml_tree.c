/* engine/model/yaml_tree.c — libyaml events → a tree of nodes with marks.
 *
 * The builder keeps a stack of the open sequences and mappings (never
 * deeper than CRQ_YAML_MAX_DEPTH) and appends each new node to the top one.
 * Anything the loader cannot represent faithfully (anchors, aliases,
 * complex keys, several documents) stops the build with one diagnostic;
 * duplicate keys are all reported, then the build fails. See yaml_tree.h.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "amount.h"
#include "utf8.h"
#include "yaml_tree.h"

typedef struct builder {
  const char *file;
  crq_diags *diags;
  crq_status status; /* first error, CRQ_OK while none */
  int stop;          /* a structural error: the tree cannot be finished */
  crq_ynode *stack[CRQ_YAML_MAX_DEPTH];
  int depth;
  crq_ynode *root;
  size_t n_nodes;
  int documents;
  /* the last quoted value read when it spans lines, else line 0: an
   * unclosed quote reads on to the next quote, and the error comes there */
  yaml_mark_t quoted_start, quoted_end;
} builder;

__attribute__((format(printf, 5, 6))) static void fail(builder *b,
                                                       crq_status status,
                                                       int line, int column,
                                                       const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  crq_diags_vadd(b->diags, status, b->file, line, column, fmt, ap);
  va_end(ap);
  if (b->status == CRQ_OK)
    b->status = status;
  b->stop = 1;
}

void crq_ynode_free(crq_ynode *node) {
  if (!node)
    return;
  for (size_t i = 0; i < node->count; i++)
    crq_ynode_free(node->items[i]);
  free(node->items);
  free(node->text);
  free(node);
}

static crq_ynode *new_node(builder *b, crq_ynode_kind kind, yaml_mark_t m) {
  if (b->n_nodes >= CRQ_YAML_MAX_NODES) {
    fail(b, CRQ_ERR_LIMIT, (int)m.line + 1, (int)m.column + 1,
         "more than %zu YAML nodes; expected a smaller model",
         CRQ_YAML_MAX_NODES);
    return NULL;
  }
  crq_ynode *n = calloc(1, sizeof *n);
  if (!n) {
    fail(b, CRQ_ERR_NOMEM, 0, 0,
         "out of memory reading the model; expected a smaller model");
    return NULL;
  }
  b->n_nodes++;
  n->kind = kind;
  n->line = (int)m.line + 1;
  n->column = (int)m.column + 1;
  return n;
}

/* Appends node to the open container (or makes it the root); takes
 * ownership of node in every case. */
static void attach(builder *b, crq_ynode *node) {
  if (b->depth == 0) {
    if (node->kind != CRQ_YMAP)
      fail(b, CRQ_ERR_INPUT, node->line, node->column,
           "the top level is %s; expected a mapping of keys such as "
           "crq_model, name and scenarios",
           crq_ynode_what(node));
    b->root = node;
    return;
  }
  crq_ynode *parent = b->stack[b->depth - 1];
  if (parent->kind == CRQ_YMAP && parent->count % 2 == 0 &&
      node->kind != CRQ_YSCALAR) {
    fail(b, CRQ_ERR_INPUT, node->line, node->column,
         "a mapping key is %s; expected a plain key name",
         crq_ynode_what(node));
    crq_ynode_free(node);
    return;
  }
  if (parent->count == parent->cap) {
    size_t cap = parent->cap ? 2 * parent->cap : 4;
    crq_ynode **items = realloc(parent->items, cap * sizeof *items);
    if (!items) {
      fail(b, CRQ_ERR_NOMEM, 0, 0,
           "out of memory reading the model; expected a smaller model");
      crq_ynode_free(node);
      return;
    }
    parent->items = items;
    parent->cap = cap;
  }
  parent->items[parent->count++] = node;
  parent->n = parent->kind == CRQ_YMAP ? parent->count / 2 : parent->count;
}

static int by_key_then_position(const void *a, const void *b) {
  const crq_ynode *x = *(const crq_ynode *const *)a;
  const crq_ynode *y = *(const crq_ynode *const *)b;
  int c = strcmp(x->text, y->text);
  if (c)
    return c;
  if (x->line != y->line)
    return x->line < y->line ? -1 : 1;
  return (x->column > y->column) - (x->column < y->column);
}

/* Reports every repeated key of a finished mapping at its later position,
 * naming the first. Sorting keeps this O(n log n) for hostile files. */
static void check_duplicates(builder *b, crq_ynode *map) {
  if (map->n < 2)
    return;
  const crq_ynode **keys = malloc(map->n * sizeof *keys);
  if (!keys) {
    fail(b, CRQ_ERR_NOMEM, 0, 0,
         "out of memory reading the model; expected a smaller model");
    return;
  }
  for (size_t i = 0; i < map->n; i++)
    keys[i] = map->items[2 * i];
  qsort(keys, map->n, sizeof *keys, by_key_then_position);
  size_t first = 0;
  for (size_t i = 1; i < map->n; i++) {
    if (strcmp(keys[i]->text, keys[first]->text) != 0) {
      first = i;
      continue;
    }
    /* not fatal: the tree stays well formed, so keep reporting */
    map->duplicates = 1;
    crq_diags_add(b->diags, CRQ_ERR_INPUT, b->file, keys[i]->line,
                  keys[i]->column,
                  "duplicate key '%s' (first at %d:%d); expected each key "
                  "once in a mapping",
                  keys[i]->text, keys[first]->line, keys[first]->column);
    if (b->status == CRQ_OK)
      b->status = CRQ_ERR_INPUT;
  }
  free(keys);
}

static int refuse_anchor(builder *b, const yaml_char_t *anchor, yaml_mark_t m) {
  if (!anchor)
    return 0;
  fail(b, CRQ_ERR_INPUT, (int)m.line + 1, (int)m.column + 1,
       "anchors and aliases are not supported; expected every value "
       "written out in full");
  return 1;
}

static void on_scalar(builder *b, const yaml_event_t *ev) {
  if (refuse_anchor(b, ev->data.scalar.anchor, ev->start_mark))
    return;
  yaml_scalar_style_t style = ev->data.scalar.style;
  int quoted = style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
               style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
  b->quoted_start = ev->start_mark;
  b->quoted_end = ev->end_mark;
  if (!quoted || ev->start_mark.line == ev->end_mark.line)
    b->quoted_start.line = b->quoted_end.line = 0;
  const char *value = (const char *)ev->data.scalar.value;
  size_t len = ev->data.scalar.length;
  if (memchr(value, '\0', len)) {
    fail(b, CRQ_ERR_INPUT, (int)ev->start_mark.line + 1,
         (int)ev->start_mark.column + 1,
         "a string contains a NUL character; expected text without \\0");
    return;
  }
  crq_ynode *n = new_node(b, CRQ_YSCALAR, ev->start_mark);
  if (!n)
    return;
  n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
  n->text = strndup(value, len);
  if (!n->text) {
    crq_ynode_free(n);
    fail(b, CRQ_ERR_NOMEM, 0, 0,
         "out of memory reading the model; expected a smaller model");
    return;
  }
  attach(b, n);
}

static void on_start(builder *b, crq_ynode_kind kind, const yaml_char_t *anchor,
                     yaml_mark_t m) {
  if (refuse_anchor(b, anchor, m))
    return;
  if (b->depth == CRQ_YAML_MAX_DEPTH) {
    fail(b, CRQ_ERR_LIMIT, (int)m.line + 1, (int)m.column + 1,
         "nesting deeper than %d levels; expected at most %d nested lists "
         "and mappings",
         CRQ_YAML_MAX_DEPTH, CRQ_YAML_MAX_DEPTH);
    return;
  }
  crq_ynode *n = new_node(b, kind, m);
  if (!n)
    return;
  attach(b, n);
  if (!b->stop)
    b->stack[b->depth++] = n;
}

static void on_end(builder *b) {
  crq_ynode *n = b->stack[--b->depth];
  if (n->kind == CRQ_YMAP)
    check_duplicates(b, n);
}

/* The byte of data (len bytes) at mark, whose line and column count
 * characters (libyaml's marks); len when past the end. */
static size_t byte_at(const char *data, size_t len, yaml_mark_t mark) {
  size_t i = 0;
  for (size_t line = 0; line < mark.line && i < len; i++)
    line += data[i] == '\n';
  for (size_t col = 0; col < mark.column && i < len; col++)
    do /* one character: its lead byte and continuation bytes */
      i++;
    while (i < len && ((unsigned char)data[i] & 0xC0) == 0x80);
  return i;
}

/* Reports the parser's error; data (len bytes) is the text it read. */
static void on_parse_error(builder *b, const yaml_parser_t *p, const char *data,
                           size_t len) {
  if (p->error == YAML_MEMORY_ERROR) {
    fail(b, CRQ_ERR_NOMEM, 0, 0,
         "out of memory reading the model; expected a smaller model");
    return;
  }
  int line = (int)p->problem_mark.line + 1;
  int column = (int)p->problem_mark.column + 1;
  if (p->error == YAML_READER_ERROR)
    line = column = 0; /* the reader only knows a byte offset */
  /* what to check: an unclosed quote when a quoted value ran on */
  char check[160] = "check indentation, colons and quotes";
  size_t at = byte_at(data, len, p->problem_mark);
  if (p->error == YAML_SCANNER_ERROR && at < len && data[at] == '\t')
    snprintf(check, sizeof check,
             "a tab at %d:%d: YAML indents with spaces only", line, column);
  else if (b->quoted_end.line > 0)
    snprintf(check, sizeof check,
             "the quoted value at %d:%d runs on to %d:%d: is its closing "
             "quote missing?",
             (int)b->quoted_start.line + 1, (int)b->quoted_start.column + 1,
             (int)b->quoted_end.line + 1, (int)b->quoted_end.column + 1);
  if (p->context)
    fail(b, CRQ_ERR_INPUT, line, column,
         "invalid YAML: %s (%s started at %d:%d); expected well-formed YAML "
         "(%s)",
         p->problem ? p->problem : "syntax error", p->context,
         (int)p->context_mark.line + 1, (int)p->context_mark.column + 1, check);
  else
    fail(b, CRQ_ERR_INPUT, line, column,
         "invalid YAML: %s; expected well-formed YAML (%s)",
         p->problem ? p->problem : "syntax error", check);
}

/* Handles one event; returns 1 when the stream has ended. */
static int on_event(builder *b, const yaml_event_t *ev) {
  yaml_mark_t m = ev->start_mark;
  switch (ev->type) {
  case YAML_DOCUMENT_START_EVENT:
    if (b->documents++ > 0)
      fail(b, CRQ_ERR_INPUT, (int)m.line + 1, (int)m.column + 1,
           "a second YAML document starts here; expected one model per file");
    return 0;
  case YAML_ALIAS_EVENT:
    refuse_anchor(b, ev->data.alias.anchor, m);
    return 0;
  case YAML_SCALAR_EVENT:
    on_scalar(b, ev);
    return 0;
  case YAML_SEQUENCE_START_EVENT:
    on_start(b, CRQ_YSEQ, ev->data.sequence_start.anchor, m);
    return 0;
  case YAML_MAPPING_START_EVENT:
    on_start(b, CRQ_YMAP, ev->data.mapping_start.anchor, m);
    return 0;
  case YAML_SEQUENCE_END_EVENT:
  case YAML_MAPPING_END_EVENT:
    on_end(b);
    return 0;
  case YAML_STREAM_END_EVENT:
    return 1;
  default:
    return 0;
  }
}

/* Runs libyaml over the text. Stops at the first structural error but
 * keeps going after duplicate keys (they leave the tree well formed). */
static void build(builder *b, const char *data, size_t len) {
  yaml_parser_t p;
  if (!yaml_parser_initialize(&p)) {
    fail(b, CRQ_ERR_NOMEM, 0, 0,
         "out of memory reading the model; expected a smaller model");
    return;
  }
  yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
  yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
  for (;;) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&p, &ev)) {
      on_parse_error(b, &p, data, len);
      break;
    }
    int done = on_event(b, &ev);
    yaml_event_delete(&ev);
    if (done || b->stop)
      break;
  }
  yaml_parser_delete(&p);
}

crq_status crq_ytree_parse(const char *data, size_t len, const char *file,
                           crq_diags *diags, crq_ynode **root) {
  builder b = {.file = file, .diags = diags, .status = CRQ_OK};
  *root = NULL;
  if (len > CRQ_YAML_MAX_BYTES) {
    fail(&b, CRQ_ERR_LIMIT, 0, 0,
         "the file is %zu bytes; expected at most %zu (16 MiB)", len,
         CRQ_YAML_MAX_BYTES);
    return b.status;
  }
  int line, column;
  char msg[128];
  if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
    data += 3; /* a byte-order mark: libyaml only skips it when guessing */
    len -= 3;
  }
  if (crq_utf8_check(data, len, &line, &column, msg)) {
    fail(&b, CRQ_ERR_INPUT, line, column, "%s", msg);
    return b.status;
  }
  build(&b, data, len);
  if (b.status == CRQ_OK && !b.root)
    fail(&b, CRQ_ERR_INPUT, 1, 1,
         "the file holds no YAML document; expected a model starting with "
         "crq_model: 1");
  if (b.status != CRQ_OK && b.stop) {
    crq_ynode_free(b.root);
    return b.status;
  }
  *root = b.root; /* duplicate keys alone leave a well-formed tree */
  return b.status;
}

const crq_ynode *crq_ymap_get(const crq_ynode *map, const char *key) {
  if (!map || map->kind != CRQ_YMAP)
    return NULL;
  for (size_t i = 0; i < map->n; i++)
    if (strcmp(map->items[2 * i]->text, key) == 0)
      return map->items[2 * i + 1];
  return NULL;
}

int crq_ynode_is_null(const crq_ynode *node) {
  if (node->kind != CRQ_YSCALAR || !node->plain)
    return 0;
  const char *t = node->text;
  return !*t || !strcmp(t, "~") || !strcmp(t, "null") || !strcmp(t, "Null") ||
         !strcmp(t, "NULL");
}

const char *crq_ynode_what(const crq_ynode *node) {
  switch (node->kind) {
  case CRQ_YMAP:
    return "a mapping";
  case CRQ_YSEQ:
    return "a list";
  case CRQ_YSCALAR:
    break;
  }
  if (crq_ynode_is_null(node))
    return "null";
  double x;
  return node->plain && crq_parse_number(node->text, &x) != -1 ? "a number"
                                                               : "a string";
}
