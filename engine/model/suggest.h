/* engine/model/suggest.h — "did you mean ...?" for misspelt keys and ids.
 *
 * Unknown keys are the most common mistake in hand-written model files;
 * naming the closest known key (by edit distance) turns a puzzle into a
 * one-character fix. */
#ifndef CRQ_SUGGEST_H
#define CRQ_SUGGEST_H

#include <stddef.h>

/* Optimal-string-alignment distance (insertions, deletions, substitutions
 * and adjacent transpositions) between a and b, case-insensitive for
 * ASCII. Strings longer than 64 bytes compare as very far apart. */
size_t crq_edit_distance(const char *a, const char *b);

/* The candidate closest to word if it is close enough to be a plausible
 * typo (distance at most 1 for short words, up to 3 for long ones), else
 * the first candidate that starts with word or that word starts with
 * (sharing at least 4 characters), else NULL. candidates holds n strings;
 * NULL entries are skipped. */
const char *crq_suggest(const char *word, const char *const *candidates,
                        size_t n);

#endif
