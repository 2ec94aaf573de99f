/* engine/model/utf8.h — checking that user text is clean UTF-8.
 *
 * Model files and imported CSVs are checked before parsing so that a
 * binary file, a NUL byte or a stray Latin-1 byte is reported at its exact
 * line and column (libyaml's own reader errors only give a byte offset).
 * The characters allowed are those YAML allows: tab, line breaks, and
 * printable Unicode (no C0/C1 controls except NEL, no surrogates, no
 * U+FFFE/U+FFFF). Columns count characters, as libyaml's marks do.
 */
#ifndef CRQ_UTF8_H
#define CRQ_UTF8_H

#include <stddef.h>

/* Length in bytes of the valid UTF-8 sequence at s (at most len bytes), or
 * 0 if it is not one; *cp receives the code point. */
size_t crq_utf8_decode(const unsigned char *s, size_t len, unsigned *cp);

/* 1 if code point cp may appear in a model file (see above). */
int crq_utf8_printable(unsigned cp);

/* Checks len bytes of text. Returns 0 when clean; otherwise non-zero with
 * the 1-based *line and *column of the first bad character and a message
 * ("what is wrong; what was expected") in msg. */
int crq_utf8_check(const char *text, size_t len, int *line, int *column,
                   char msg[128]);

#endif
