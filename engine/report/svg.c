/* engine/report/svg.c — scales, escaping and SVG elements for the HTML
 * report's charts (see svg.h). Coordinates are written with one decimal:
 * a tenth of a user unit is far below what a screen or printer shows. */
#include "svg.h"

#include <math.h>
#include <string.h>

double crq_scale_at(const crq_scale *s, double v) {
  double t;
  if (s->log)
    t = (log10(v) - log10(s->d0)) / (log10(s->d1) - log10(s->d0));
  else
    t = (v - s->d0) / (s->d1 - s->d0);
  if (!(t > 0)) /* also NAN, and log10 of 0 */
    t = 0;
  if (t > 1)
    t = 1;
  return s->p0 + t * (s->p1 - s->p0);
}

double crq_nice_step(double max, int n) {
  if (!(max > 0) || !isfinite(max))
    return 1;
  double raw = max / n, mag = pow(10, floor(log10(raw)));
  static const double mult[] = {1, 2, 5, 10};
  for (size_t i = 0; i < sizeof mult / sizeof mult[0]; i++)
    if (mult[i] * mag >= raw)
      return mult[i] * mag;
  return 10 * mag;
}

/* Writes the first n bytes of s escaped (see crq_xml_escape). */
static void escape_n(FILE *out, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    switch (s[i]) {
    case '&':
      fputs("&amp;", out);
      break;
    case '<':
      fputs("&lt;", out);
      break;
    case '>':
      fputs("&gt;", out);
      break;
    case '"':
      fputs("&quot;", out);
      break;
    case '\'':
      fputs("&#39;", out);
      break;
    default:
      fputc(s[i], out);
    }
  }
}

void crq_xml_escape(FILE *out, const char *s) {
  if (s)
    escape_n(out, s, strlen(s));
}

void crq_svg_open(FILE *out, const char *cls, double w, double h,
                  const char *label) {
  fprintf(out,
          "<svg class=\"%s\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
          "aria-label=\"",
          cls, w, h);
  crq_xml_escape(out, label);
  fputs("\">\n", out);
}

void crq_svg_close(FILE *out) {
  fputs("</svg>\n", out);
}

void crq_svg_line(FILE *out, double x1, double y1, double x2, double y2,
                  const char *cls) {
  fprintf(out,
          "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
          "y2=\"%.1f\"/>\n",
          cls, x1, y1, x2, y2);
}

void crq_svg_rect(FILE *out, double x, double y, double w, double h,
                  const char *cls) {
  fprintf(out,
          "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
          "height=\"%.1f\"/>\n",
          cls, x, y, w, h);
}

void crq_svg_diamond(FILE *out, double x, double y, double r, const char *cls) {
  fprintf(out,
          "<polygon class=\"%s\" points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f "
          "%.1f,%.1f\"/>\n",
          cls, x, y - r, x + r, y, x, y + r, x - r, y);
}

void crq_svg_polyline(FILE *out, const double *x, const double *y, size_t n,
                      const char *cls) {
  fprintf(out, "<polyline class=\"%s\" points=\"", cls);
  for (size_t i = 0; i < n; i++)
    fprintf(out, "%s%.1f,%.1f", i ? " " : "", x[i], y[i]);
  fputs("\"/>\n", out);
}

void crq_svg_text(FILE *out, double x, double y, const char *anchor,
                  const char *cls, const char *text) {
  fprintf(out, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">",
          cls, x, y, anchor);
  crq_xml_escape(out, text);
  fputs("</text>\n", out);
}

/* The width of one character at *s (a lead byte), as crq_svg_text_width
 * counts it; *len is set to its length in bytes. */
static double char_width(const unsigned char *s, size_t *len, double size) {
  *len = 1;
  while ((s[*len] & 0xC0) == 0x80)
    (*len)++;
  return (*s >= 0xE3 ? 1.0 : 0.62) * size;
}

double crq_svg_text_width(const char *text, double size) {
  double w = 0;
  size_t len;
  for (const unsigned char *s = (const unsigned char *)text; s && *s; s += len)
    w += char_width(s, &len, size);
  return w;
}

void crq_svg_text_fit(FILE *out, double x, double y, const char *anchor,
                      const char *cls, const char *text, double size,
                      double width) {
  if (crq_svg_text_width(text, size) <= width) {
    crq_svg_text(out, x, y, anchor, cls, text);
    return;
  }
  const unsigned char *s = (const unsigned char *)text;
  double used = size; /* the ellipsis, one em wide at most */
  size_t keep = 0, len;
  while (s[keep]) {
    double w = char_width(s + keep, &len, size);
    if (used + w > width)
      break;
    used += w;
    keep += len;
  }
  fprintf(out, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">",
          cls, x, y, anchor);
  escape_n(out, text, keep);
  fputs("…</text>\n", out);
}

void crq_svg_grid_x(FILE *out, const crq_scale *xs, double v, double y0,
                    double y1, const char *label) {
  double x = crq_scale_at(xs, v);
  crq_svg_line(out, x, y0, x, y1, "grid");
  crq_svg_text(out, x, y1 + 16, "middle", "tick", label);
}

void crq_svg_grid_y(FILE *out, const crq_scale *ys, double v, double x0,
                    double x1, const char *label) {
  double y = crq_scale_at(ys, v);
  crq_svg_line(out, x0, y, x1, y, "grid");
  crq_svg_text(out, x0 - 6, y + 4, "end", "tick", label);
}
