/* engine/util/bigalloc.c — huge-page-backed large arrays (bigalloc.h). */
#include "util/bigalloc.h"

#include <stdlib.h>
#include <sys/mman.h>

#define HUGE_PAGE ((size_t)2 << 20)

void *crq_bigalloc(size_t bytes) {
  if (bytes < 4 * HUGE_PAGE)
    return malloc(bytes);
  void *p = NULL;
  size_t rounded = (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
  if (posix_memalign(&p, HUGE_PAGE, rounded) != 0)
    return NULL;
#ifdef MADV_HUGEPAGE
  madvise(p, rounded, MADV_HUGEPAGE); /* advice: failure is harmless */
#endif
  return p;
}
