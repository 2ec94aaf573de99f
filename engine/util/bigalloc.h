/* engine/util/bigalloc.h — memory for arrays of hundreds of megabytes.
 *
 * A run keeps every year's losses: 80 MB per array at 10^7 years. Touched
 * 4 KiB page by 4 KiB page, such an array costs 20,000 page faults, about
 * a tenth of a W20 run's time. crq_bigalloc aligns large arrays to 2 MiB
 * and asks the kernel for transparent huge pages (madvise), which most
 * Linux systems grant on request; where they do not, it is an ordinary
 * allocation. Free with free().
 */
#ifndef CRQ_BIGALLOC_H
#define CRQ_BIGALLOC_H

#include <stddef.h>

/* bytes of memory, NULL when out of memory. */
void *crq_bigalloc(size_t bytes);

#endif
