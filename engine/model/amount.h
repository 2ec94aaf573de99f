/* engine/model/amount.h — numbers and money amounts as people write them.
 *
 * Model files are written by risk managers, so amounts may be given the
 * way a board paper gives them: 141e8, "141億", "6000万円", "1億2000万",
 * "1.2B", "300M", "5k", "1,000,000", "¥3億", and foreign amounts such as
 * "20M EUR", "€20M", "$5M" or "5M USD", converted with organisation.fx.
 *
 * Grammar (spaces allowed between the parts):
 *   amount   = [sign] [symbol] quantity [currency]
 *   symbol   = "¥" | "￥" | "$" | "€" | "£"
 *   quantity = number [western] | (number japanese)+ [number]
 *   western  = "k" | "K" (1e3) | "M" (1e6) | "B" | "bn" (1e9) | "T" (1e12)
 *   japanese = ["千"] ("万" | "億" | "兆") | "千": 千 1e3, 万 1e4,
 *              億 1e8, 兆 1e12, 千 multiplying the unit after it
 *              ("5千万" = 5e7); units in decreasing order, each once
 *              ("1億2000万", "1億2千万")
 *   western and japanese units touch their number (no space)
 *   currency = "円" | an ISO 4217 code of three capital letters
 *   number   = digits with optional "," thousands separators, an optional
 *              fraction and, without separators, an optional exponent
 * The parsers are pure functions so they can be tested by table.
 */
#ifndef CRQ_AMOUNT_H
#define CRQ_AMOUNT_H

#include <stddef.h>
#include <stdint.h>

#include "model_def.h"

/* A strict decimal number: [+-] digits [. digits] [e [+-] digits] (a
 * leading "." is allowed). Returns 0 and sets *out when text is one and
 * finite; -1 when it is not a number; -2 when it is one but not finite
 * (1e999, .inf, .nan). */
int crq_parse_number(const char *text, double *out);

/* A whole number as written for counts and seeds: digits, or digits
 * [. digits] e|E [+] digits whose value is whole ("1e7", "2.5e6",
 * "1E+05", "1.8e19"), computed exactly in integers (not through a double),
 * up to 2^64 − 1. Returns 0 and sets *out; -1 when text is not such a
 * number (a sign, a fraction left once the exponent applies, anything
 * else); -2 when it is one above 2^64 − 1. */
int crq_parse_whole(const char *text, uint64_t *out);

/* An amount as written: the value in the currency it names ("" if none). */
typedef struct crq_amount {
  double value;
  char currency[4];
} crq_amount;

/* Parses the grammar above. Returns 0, -1 (not an amount) or -2 (not
 * finite), like crq_parse_number. */
int crq_parse_amount(const char *text, crq_amount *out);

/* Converts an amount into the model currency with the model's FX table.
 * Returns 0, or -1 when the amount's currency has no rate. */
int crq_amount_convert(const crq_amount *a, const char *model_currency,
                       const crq_fx *fx, size_t n_fx, double *out);

#endif
