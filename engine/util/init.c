/* engine/util/init.c — see init.h: switches GSL's abort-on-error handler
 * off exactly once per process. */
#include "init.h"

#include <gsl/gsl_errno.h>
#include <pthread.h>

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init(void) {
  gsl_set_error_handler_off();
}

void crq_library_init(void) {
  pthread_once(&init_once, init);
}
