/* engine/analysis/date.h — calendar dates as day numbers, for roadmaps.
 *
 * KPI schedules are ISO dates (YYYY-MM-DD, proleptic Gregorian). A roadmap
 * needs the days between two dates (linear progress) and the month and
 * quarter boundaries of a horizon; both are plain integer arithmetic on
 * day numbers (days since 1970-01-01), with no time zone or locale
 * involved. Internal to the engine.
 */
#ifndef CRQ_ANALYSIS_DATE_H
#define CRQ_ANALYSIS_DATE_H

/* Day number of a valid "YYYY-MM-DD" into *days; -1 when s is not one. */
int crq_date_parse(const char *s, long *days);

/* Writes day number `days` as "YYYY-MM-DD" into out. */
void crq_date_format(long days, char out[11]);

/* The first day of the next month (months = 1) or calendar quarter
 * (months = 3) strictly after day `days`. */
long crq_date_next_boundary(long days, int months);

#endif
