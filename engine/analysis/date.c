/* engine/analysis/date.c — civil dates to day numbers and back.
 *
 * The conversions are H. Hinnant's days_from_civil / civil_from_days
 * ("chrono-compatible low-level date algorithms"): exact for every
 * proleptic Gregorian date, using eras of 400 years so that leap years
 * need no table.
 */
#include "analysis/date.h"

#include <stdio.h>
#include <string.h>

static long days_from_civil(long y, int m, int d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;                                   /* [0, 399] */
  long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; /* [0, 365] */
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
  return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, int *m, int *d) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

static int leap(long y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int crq_date_parse(const char *s, long *days) {
  static const int month_days[12] = {31, 28, 31, 30, 31, 30,
                                     31, 31, 30, 31, 30, 31};
  int y, m, d, n = 0;
  if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 ||
      n != 10 || s[4] != '-' || s[7] != '-')
    return -1;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
      return -1;
  if (m < 1 || m > 12 || d < 1 || d > month_days[m - 1] + (m == 2 && leap(y)))
    return -1;
  *days = days_from_civil(y, m, d);
  return 0;
}

void crq_date_format(long days, char out[11]) {
  long y;
  int m, d;
  civil_from_days(days, &y, &m, &d);
  char buf[48]; /* room for any values, as far as the compiler knows */
  snprintf(buf, sizeof buf, "%04ld-%02d-%02d", y, m, d);
  memcpy(out, buf, 10);
  out[10] = '\0';
}

long crq_date_next_boundary(long days, int months) {
  long y;
  int m, d;
  civil_from_days(days, &y, &m, &d);
  int next = ((m - 1) / months + 1) * months + 1; /* 1-based, may be 13 */
  if (next > 12) {
    next -= 12;
    y++;
  }
  return days_from_civil(y, next, 1);
}
