/* engine/report/svg.h — the small SVG toolkit behind the charts of the HTML
 * report: scales (linear or log) from data to pixels, and the few elements
 * a chart needs (lines, rectangles, polylines, markers, text, grid lines),
 * written straight to the stream.
 *
 * The SVG is meant to be inlined in an HTML5 document: no XML declaration,
 * no namespace attribute (HTML5 puts <svg> in the SVG namespace itself), so
 * the report holds no URL at all. Looks come from CSS classes defined in the
 * document's style sheet, so charts print and restyle like the rest of the
 * page. Every text is XML-escaped here: model names may contain anything.
 */
#ifndef CRQ_REPORT_SVG_H
#define CRQ_REPORT_SVG_H

#include <stddef.h>
#include <stdio.h>

/* Maps a domain interval [d0, d1] onto pixels [p0, p1], linearly or in
 * log10 (then the domain must be positive). p1 < p0 is allowed (y axes
 * grow upwards). */
typedef struct crq_scale {
  double d0, d1;
  double p0, p1;
  int log;
} crq_scale;

/* The pixel of value v (clamped to the scale's pixel range). */
double crq_scale_at(const crq_scale *s, double v);

/* A round step (1, 2 or 5 × 10^k) that cuts [0, max] into at most n
 * intervals. */
double crq_nice_step(double max, int n);

/* Writes s with &, <, >, " and ' replaced by character references, so it
 * reads as text both between tags and inside quoted attributes. */
void crq_xml_escape(FILE *out, const char *s);

/* Opens an <svg> of w × h user units that scales to its container's width;
 * label is its accessible name (escaped). */
void crq_svg_open(FILE *out, const char *cls, double w, double h,
                  const char *label);
void crq_svg_close(FILE *out);

void crq_svg_line(FILE *out, double x1, double y1, double x2, double y2,
                  const char *cls);
void crq_svg_rect(FILE *out, double x, double y, double w, double h,
                  const char *cls);
/* A diamond of half-width r centred on (x, y). */
void crq_svg_diamond(FILE *out, double x, double y, double r, const char *cls);
/* A polyline through n points (pixels). */
void crq_svg_polyline(FILE *out, const double *x, const double *y, size_t n,
                      const char *cls);
/* Text at (x, y); anchor is "start", "middle" or "end". */
void crq_svg_text(FILE *out, double x, double y, const char *anchor,
                  const char *cls, const char *text);

/* The approximate width in user units of text at font size `size`: wide
 * (East Asian) characters one em, others about 0.6 em. For laying out
 * legends; the browser does the real measuring. */
double crq_svg_text_width(const char *text, double size);

/* Text as crq_svg_text, cut to its longest prefix (whole characters) that
 * fits `width` at font size `size` followed by "…" when the whole text
 * would be wider. For labels beside a chart whose full text is elsewhere
 * on the page. */
void crq_svg_text_fit(FILE *out, double x, double y, const char *anchor,
                      const char *cls, const char *text, double size,
                      double width);

/* A vertical grid line at domain value v of xs from pixel y0 down to y1,
 * labelled below y1. */
void crq_svg_grid_x(FILE *out, const crq_scale *xs, double v, double y0,
                    double y1, const char *label);
/* A horizontal grid line at domain value v of ys from pixel x0 to x1,
 * labelled left of x0. */
void crq_svg_grid_y(FILE *out, const crq_scale *ys, double v, double x0,
                    double x1, const char *label);

#endif
