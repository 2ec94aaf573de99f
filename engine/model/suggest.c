/* engine/model/suggest.c — edit distance and the closest-candidate search
 * behind the loader's "did you mean" hints (see suggest.h). */
#include <ctype.h>
#include <string.h>

#include "suggest.h"

#define MAX_WORD 64

size_t crq_edit_distance(const char *a, const char *b) {
  size_t n = strlen(a), m = strlen(b);
  if (n > MAX_WORD || m > MAX_WORD)
    return (size_t)-1;
  /* three rows of the dynamic programme: i-2, i-1 and i */
  size_t rows[3][MAX_WORD + 1];
  for (size_t j = 0; j <= m; j++)
    rows[0][j] = j;
  for (size_t i = 1; i <= n; i++) {
    size_t *cur = rows[i % 3], *prev = rows[(i - 1) % 3],
           *prev2 = rows[(i + 1) % 3];
    cur[0] = i;
    for (size_t j = 1; j <= m; j++) {
      int ca = tolower((unsigned char)a[i - 1]);
      int cb = tolower((unsigned char)b[j - 1]);
      size_t best = prev[j - 1] + (ca != cb);
      if (prev[j] + 1 < best)
        best = prev[j] + 1;
      if (cur[j - 1] + 1 < best)
        best = cur[j - 1] + 1;
      if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
          tolower((unsigned char)a[i - 2]) == cb && prev2[j - 2] + 1 < best)
        best = prev2[j - 2] + 1;
      cur[j] = best;
    }
  }
  return rows[n % 3][m];
}

const char *crq_suggest(const char *word, const char *const *candidates,
                        size_t n) {
  const char *best = NULL;
  size_t best_d = (size_t)-1;
  for (size_t i = 0; i < n; i++) {
    if (!candidates[i])
      continue;
    size_t d = crq_edit_distance(word, candidates[i]);
    if (d < best_d) {
      best_d = d;
      best = candidates[i];
    }
  }
  if (!best)
    return NULL;
  size_t len = strlen(best);
  size_t limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
  if (best_d <= limit)
    return best;
  /* "privacy_level" for "privacy", "records" for "records_fraction" */
  size_t wlen = strlen(word);
  for (size_t i = 0; i < n; i++) {
    if (!candidates[i])
      continue;
    size_t clen = strlen(candidates[i]);
    size_t shorter = clen < wlen ? clen : wlen;
    if (shorter >= 4 && strncmp(word, candidates[i], shorter) == 0)
      return candidates[i];
  }
  return NULL;
}
