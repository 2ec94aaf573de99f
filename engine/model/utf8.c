/* engine/model/utf8.c — strict UTF-8 decoding and the text check run on
 * every model file and CSV before parsing (see utf8.h). */
#include <stdio.h>

#include "utf8.h"

size_t crq_utf8_decode(const unsigned char *s, size_t len, unsigned *cp) {
  if (len == 0)
    return 0;
  unsigned c = s[0];
  size_t n;
  unsigned min;
  if (c < 0x80) {
    *cp = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    n = 2, min = 0x80, c &= 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3, min = 0x800, c &= 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4, min = 0x10000, c &= 0x07;
  } else {
    return 0;
  }
  if (len < n)
    return 0;
  for (size_t i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0;
    c = (c << 6) | (s[i] & 0x3F);
  }
  /* overlong forms, surrogates and values past U+10FFFF are invalid */
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
    return 0;
  *cp = c;
  return n;
}

int crq_utf8_printable(unsigned cp) {
  return cp == 0x09 || cp == 0x0A || cp == 0x0D || (cp >= 0x20 && cp <= 0x7E) ||
         cp == 0x85 || (cp >= 0xA0 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

int crq_utf8_check(const char *text, size_t len, int *line, int *column,
                   char msg[128]) {
  const unsigned char *s = (const unsigned char *)text;
  int ln = 1, col = 1;
  for (size_t i = 0; i < len;) {
    unsigned cp = 0;
    size_t n = crq_utf8_decode(s + i, len - i, &cp);
    *line = ln;
    *column = col;
    if (n == 0) {
      snprintf(msg, 128,
               "invalid UTF-8 byte 0x%02x; expected UTF-8 text (save a "
               "Shift_JIS file as UTF-8; or is this a binary file?)",
               s[i]);
      return 1;
    }
    if (cp == 0) {
      snprintf(msg, 128, "NUL byte; expected a text file");
      return 1;
    }
    if (!crq_utf8_printable(cp)) {
      snprintf(msg, 128,
               "control character U+%04X; expected printable text, tabs and "
               "line breaks",
               cp);
      return 1;
    }
    i += n;
    if (cp == '\n' || (cp == '\r' && (i >= len || s[i] != '\n'))) {
      ln++;
      col = 1;
    } else if (cp != '\r') {
      col++;
    }
  }
  return 0;
}
