/* engine/util/shortest.c — see shortest.h. */
#include "util/shortest.h"

#include <stdio.h>
#include <stdlib.h>

char *crq_shortest(double x, char buf[32]) {
  snprintf(buf, 32, "%.15g", x);
  if (strtod(buf, NULL) != x)
    snprintf(buf, 32, "%.17g", x);
  return buf;
}
