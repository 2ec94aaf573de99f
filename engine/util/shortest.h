/* engine/util/shortest.h — a double as few digits as read back exactly.
 *
 * CSV cells and messages show numbers a person reads and a program may
 * read back: 15 significant digits when they give the same double (0.9),
 * else 17, which always do (0.90000000000000002 is not needed then). */
#ifndef CRQ_SHORTEST_H
#define CRQ_SHORTEST_H

/* x (finite) in buf, which holds at least 32 bytes; returns buf. */
char *crq_shortest(double x, char buf[32]);

#endif
