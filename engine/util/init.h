/* engine/util/init.h — one-time library set-up, done on first use.
 *
 * The only process-wide state crq touches is GSL's error handler: GSL's
 * default aborts the process on a domain error, and a library must return
 * errors instead. Every public entry point that may reach GSL calls
 * crq_library_init() first; it is cheap after the first call and
 * thread-safe (pthread_once). */
#ifndef CRQ_INIT_H
#define CRQ_INIT_H

void crq_library_init(void);

#endif
