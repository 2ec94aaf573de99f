/* engine/model/yaml_tree.h — a YAML document as a small tree with marks.
 *
 * The loader validates from this tree rather than from libyaml's events so
 * that it can look keys up in any order, report a missing key at the
 * mapping that lacks it, and keep going after one mistake. Every node keeps
 * the 1-based line and column where it starts.
 *
 * Reading is deliberately strict and bounded: files over 16 MiB, nesting
 * over 64 levels or over CRQ_YAML_MAX_NODES nodes are refused
 * (CRQ_ERR_LIMIT); invalid UTF-8, control characters, anchors and aliases,
 * several documents, non-string mapping keys and duplicate keys are refused
 * (CRQ_ERR_INPUT). Tags are ignored.
 */
#ifndef CRQ_YAML_TREE_H
#define CRQ_YAML_TREE_H

#include <stddef.h>

#include "crq/status.h"

#define CRQ_YAML_MAX_BYTES ((size_t)16 << 20)
#define CRQ_YAML_MAX_DEPTH 64
#define CRQ_YAML_MAX_NODES ((size_t)1 << 20)

typedef enum crq_ynode_kind {
  CRQ_YSCALAR = 0,
  CRQ_YSEQ,
  CRQ_YMAP
} crq_ynode_kind;

/* One node. A mapping stores its pairs flat: items[2i] is the i-th key (a
 * scalar), items[2i+1] its value; n counts pairs. A sequence stores n
 * items. */
typedef struct crq_ynode {
  crq_ynode_kind kind;
  int line, column; /* 1-based */
  int plain;        /* SCALAR written without quotes (may be null) */
  int duplicates;   /* MAP with a key given twice (reported when parsed) */
  char *text;       /* SCALAR: UTF-8, NUL-terminated, no embedded NUL */
  size_t n;         /* SEQ: items; MAP: pairs */
  size_t count;     /* pointers in items (n, or 2n for a mapping) */
  size_t cap;       /* allocated slots in items */
  struct crq_ynode **items;
} crq_ynode;

/* Parses data (len bytes) into *root (a mapping, owned by the caller).
 * Every problem is appended to diags against file; returns its status.
 * Duplicate keys alone (CRQ_ERR_INPUT) still set *root, a well-formed tree
 * whose look-ups find each key's first value, so the caller can check the
 * rest of the file and report its mistakes in the same pass; the caller
 * frees it and fails. Any other failure leaves *root NULL. */
crq_status crq_ytree_parse(const char *data, size_t len, const char *file,
                           crq_diags *diags, crq_ynode **root);

void crq_ynode_free(crq_ynode *node);

/* The value of key in a mapping, or NULL. */
const crq_ynode *crq_ymap_get(const crq_ynode *map, const char *key);

/* A plain scalar spelled as YAML null: empty, ~, null, Null or NULL. */
int crq_ynode_is_null(const crq_ynode *node);

/* "a mapping", "a list", "null" or "a string", for messages. */
const char *crq_ynode_what(const crq_ynode *node);

#endif
