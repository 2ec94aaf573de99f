/* tests/unit/test_model_show.c — crq_model_write_yaml (`crq show`) and
 * crq_model_import_csv: every example and fixture round-trips (write,
 * load, write again gives the same bytes), awkward strings survive, and
 * riskquant CSVs import to the expected scenarios or to precise errors. */
#include <criterion/criterion.h>
#include <glob.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "model_def.h"

#define Z95 1.6448536269514722

/* The model written to memory; free with free(). */
static char *show(const crq_model *m, size_t *len) {
  char *buf = NULL;
  FILE *f = open_memstream(&buf, len);
  cr_assert_not_null(f);
  cr_assert_eq(crq_model_write_yaml(m, f), CRQ_OK);
  fclose(f);
  return buf;
}

static crq_model *load_text(const char *text, size_t len, const char *name) {
  crq_diags d;
  crq_diags_init(&d);
  crq_model *m = NULL;
  crq_status st = crq_model_load_buffer(text, len, name, &d, &m);
  cr_assert_eq(st, CRQ_OK, "%s:%d:%d: %s", name, d.count ? d.items[0].line : 0,
               d.count ? d.items[0].column : 0,
               d.count ? d.items[0].message : "?");
  crq_diags_free(&d);
  return m;
}

/* write(load(path)) == write(load(write(load(path)))), byte for byte. */
static void assert_round_trip(const char *path) {
  crq_diags d;
  crq_diags_init(&d);
  crq_model *m = NULL;
  cr_assert_eq(crq_model_load_file(path, &d, &m), CRQ_OK, "%s: %s", path,
               d.count ? d.items[0].message : "?");
  size_t len1, len2;
  char *once = show(m, &len1);
  crq_model *again = load_text(once, len1, path);
  char *twice = show(again, &len2);
  cr_expect_eq(len1, len2, "%s", path);
  cr_expect_eq(memcmp(once, twice, len1 < len2 ? len1 : len2), 0, "%s", path);
  free(once);
  free(twice);
  crq_model_free(m);
  crq_model_free(again);
  crq_diags_free(&d);
}

Test(model_show, every_example_round_trips) {
  glob_t g;
  cr_assert_eq(glob("examples/*.yaml", 0, NULL, &g), 0);
  cr_expect_geq(g.gl_pathc, 3); /* jcic, retailer, hospital */
  for (size_t i = 0; i < g.gl_pathc; i++)
    assert_round_trip(g.gl_pathv[i]);
  globfree(&g);
}

Test(model_show, fixtures_round_trip) {
  assert_round_trip("tests/data/all_keys.yaml");
  assert_round_trip("tests/data/valid_small.yaml");
}

Test(model_show, writes_canonical_values) {
  crq_diags d;
  crq_diags_init(&d);
  crq_model *m = NULL;
  cr_assert_eq(crq_model_load_file("tests/data/all_keys.yaml", &d, &m), CRQ_OK);
  size_t len;
  char *text = show(m, &len);
  static const char *const want[] = {
      "name: \"全キー fixture \\\"quoted\\\"\"\n",
      "  annual_revenue: 1200000000000\n",
      "  net_income: 1500000000\n",
      "    limit: 130500000\n    basis: oep\n",
      "  - id: \"ransomware.eu-1\"\n",
      "      downtime_days: {pert: {min: 2, mode: 5, max: 20, shape: 4}}",
      "      floor: 2610000000  #",
      "      records_fraction: {beta: {alpha: 2, beta: 8, min: 0, max: 1}}",
      "      amount: {gamma: {shape: 4, scale: 25000000}}",
      "      amount: {normal: {mean: 20000000, sd: 5000000, min: 0}}",
      "    frequency: {bernoulli: 0.25}\n",
      "    actual: 65\n",
      "      - {date: \"2026-06-30\", value: 40}\n",
      "      - target: \"scenarios.*.frequency\"\n        scale: 0.5\n"
      "        curve: {table: [[0, 0], [0.5, 0.2], [1, 1]]}\n",
      "        set: 3\n        curve: {step: 0.8}\n",
      "    kpis: []\n    effects: []\n",
      "  trials: 1000000\n  seed: 18446744073709551615\n  threads: 2\n"
      "  worst_case_quantile: 0.995\n",
  };
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
    cr_expect_not_null(strstr(text, want[i]), "missing: %s", want[i]);
  /* an unlimited cap is the default and is not written */
  cr_expect_null(strstr(text, "inf"));
  free(text);
  crq_model_free(m);
  crq_diags_free(&d);
}

Test(model_show, awkward_strings_survive) {
  const char src[] = "crq_model: 1\n"
                     "name: \"q\\\" b\\\\ n\\n t\\t r\\r c\\x01 e\\u0080 "
                     "ls\\u2028 bom\\ufeff 😀 東京\"\n"
                     "scenarios:\n  - id: s\n    name: '#: {} [] & * !'\n"
                     "    frequency: {poisson: 1}\n    response_cost: {}\n";
  crq_model *m = load_text(src, sizeof src - 1, "strings");
  size_t len;
  char *text = show(m, &len);
  crq_model *back = load_text(text, len, "shown");
  cr_expect_str_eq(back->name, m->name);
  cr_expect_str_eq(back->name, "q\" b\\ n\n t\t r\r c\x01 e\xc2\x80 ls\u2028 "
                               "bom\ufeff 😀 東京");
  cr_expect_str_eq(back->scenarios[0].name, "#: {} [] & * !");
  free(text);
  crq_model_free(m);
  crq_model_free(back);
}

Test(model_show, write_needs_a_model_and_a_stream) {
  cr_expect_eq(crq_model_write_yaml(NULL, stdout), CRQ_ERR_USAGE);
}

/* Imports a CSV into memory; returns the model file text or NULL. */
static char *import(const char *path, crq_diags *d, size_t *len) {
  char *buf = NULL;
  FILE *f = open_memstream(&buf, len);
  cr_assert_not_null(f);
  crq_status st = crq_model_import_csv(path, f, d);
  fclose(f);
  if (st != CRQ_OK) {
    free(buf);
    return NULL;
  }
  return buf;
}

/* The same bytes imported from memory: the same model file, and
 * messages that name the buffer. */
Test(model_show, imports_from_memory_as_from_a_file) {
  const char *paths[] = {"tests/data/csv/quoted.csv",
                         "tests/data/csv/bad_extra.csv"};
  for (size_t i = 0; i < 2; i++) {
    crq_diags d1, d2;
    crq_diags_init(&d1);
    crq_diags_init(&d2);
    size_t n1 = 0, n2 = 0, size = 0;
    char *from_file = import(paths[i], &d1, &n1);
    char *bytes = NULL, *from_memory = NULL;
    FILE *in = fopen(paths[i], "rb"), *m = open_memstream(&bytes, &size);
    cr_assert(in && m);
    for (int ch; (ch = fgetc(in)) != EOF;)
      fputc(ch, m);
    fclose(in);
    fclose(m);
    char name[64]; /* another folder, the same file name */
    snprintf(name, sizeof name, "mem/%s", strrchr(paths[i], '/') + 1);
    FILE *f = open_memstream(&from_memory, &n2);
    crq_status st = crq_model_import_csv_buffer(bytes, size, name, f, &d2);
    fclose(f);
    cr_expect_eq(st, from_file ? CRQ_OK : CRQ_ERR_INPUT, "%s", paths[i]);
    if (from_file) {
      cr_expect(n1 == n2 && memcmp(from_file, from_memory, n1) == 0, "%s",
                paths[i]);
    } else {
      cr_assert_eq(d2.count, 1);
      cr_expect_str_eq(d2.items[0].file, name);
      cr_expect_eq(d2.items[0].line, d1.items[0].line);
      cr_expect_str_eq(d2.items[0].message, d1.items[0].message);
    }
    free(from_file);
    free(from_memory);
    free(bytes);
    crq_diags_free(&d1);
    crq_diags_free(&d2);
  }
}

/* A CSV whose model a model file could not hold (2^20 YAML nodes: 60,000
 * scenarios) is refused as a limit, with nothing written: what the
 * importer writes always loads. */
Test(model_show, an_import_beyond_a_model_files_limits_is_refused) {
  char *csv = NULL, *yaml = NULL;
  size_t size = 0, len = 0;
  FILE *m = open_memstream(&csv, &size);
  cr_assert_not_null(m);
  for (int i = 0; i < 60000; i++)
    fprintf(m, "S%d,Scenario %d,0.1,1M,10M\n", i, i);
  fclose(m);
  crq_diags d;
  crq_diags_init(&d);
  FILE *out = open_memstream(&yaml, &len);
  cr_expect_eq(crq_model_import_csv_buffer(csv, size, "big.csv", out, &d),
               CRQ_ERR_LIMIT);
  fclose(out);
  cr_expect_eq(len, 0, "nothing written");
  cr_assert_eq(d.count, 1);
  cr_expect_not_null(strstr(d.items[0].message, "expected fewer scenarios"),
                     "%s", d.items[0].message);
  free(csv);
  free(yaml);
  crq_diags_free(&d);
}

/* The model crq import makes of csv, loaded back as `name`. */
static crq_model *import_model(const char *csv, const char *name) {
  crq_diags d;
  crq_diags_init(&d);
  size_t len;
  char *text = import(csv, &d, &len);
  cr_assert_not_null(text, "%s", d.count ? d.items[0].message : "?");
  crq_model *m = load_text(text, len, name);
  free(text);
  crq_diags_free(&d);
  return m;
}

/* One row of bench/w20.csv, read here independently of the importer: the
 * id before the first comma, the last three fields from the right. */
typedef struct w20_row {
  char id[64];
  double rate, low, high;
} w20_row;

static size_t read_w20(w20_row *rows, size_t max) {
  FILE *f = fopen("bench/w20.csv", "r");
  cr_assert_not_null(f);
  char line[512];
  size_t n = 0;
  while (n < max && fgets(line, sizeof line, f)) {
    char *c = strchr(line, ',');
    cr_assert_not_null(c);
    snprintf(rows[n].id, sizeof rows[n].id, "%.*s", (int)(c - line), line);
    for (int k = 0; k < 3; k++) {
      char *last = strrchr(line, ',');
      double v = strtod(last + 1, NULL);
      *(k == 0 ? &rows[n].high : k == 1 ? &rows[n].low : &rows[n].rate) = v;
      *last = '\0';
    }
    n++;
  }
  fclose(f);
  return n;
}

Test(model_show, imports_w20) {
  w20_row rows[32];
  size_t n = read_w20(rows, 32);
  cr_assert_eq(n, 20);
  crq_model *m = import_model("bench/w20.csv", "w20.yaml");
  cr_assert_eq(m->n_scenarios, 20);
  cr_expect_str_eq(m->name, "Imported from w20.csv");
  cr_expect_eq(m->org.revenue, 0);
  cr_expect_eq(m->settings.trials, 100000);
  unsigned loss;
  crq_loss_model_find("loss", &loss);
  for (size_t i = 0; i < n; i++) {
    const crq_scenario *s = &m->scenarios[i];
    cr_expect_str_eq(s->id, rows[i].id);
    cr_expect_eq(s->frequency.kind, CRQ_DIST_POISSON);
    cr_expect_eq(s->frequency.p[0], rows[i].rate, "%s", s->id);
    cr_assert_eq(s->n_triggers, 1);
    cr_expect_eq(s->triggers[0].model, loss);
    const crq_dist *a = &s->triggers[0].inputs[0];
    cr_expect_eq(a->kind, CRQ_DIST_LOGNORMAL);
    /* the 5th and 95th percentiles come back to 1e-14 */
    double q05 = exp(a->p[0] - Z95 * a->p[1]);
    double q95 = exp(a->p[0] + Z95 * a->p[1]);
    cr_expect(fabs(q05 / rows[i].low - 1) < 1e-14, "%s p05 %.17g", s->id, q05);
    cr_expect(fabs(q95 / rows[i].high - 1) < 1e-14, "%s p95 %.17g", s->id, q95);
  }
  cr_expect_str_eq(m->scenarios[1].name, "Ransomware double extortion "
                                         "(outage + data leak + "
                                         "notification)");
  crq_model_free(m);
}

Test(model_show, imports_quoted_fields_and_a_header) {
  crq_model *m = import_model("tests/data/csv/quoted.csv", "quoted.yaml");
  cr_assert_eq(m->n_scenarios, 3);
  cr_expect_str_eq(m->scenarios[0].name,
                   "Ransomware, with \"double\" extortion");
  cr_expect_str_eq(m->scenarios[1].name, "二行の\r\n名前");
  cr_expect_str_eq(m->scenarios[2].name, "C3"); /* empty name: the id */
  double mu, sigma;
  crq_lognormal_from_p90(5e7, 3e8, &mu, &sigma); /* 5000万, 3億 */
  cr_expect_eq(m->scenarios[0].triggers[0].inputs[0].p[0], mu);
  crq_lognormal_from_p90(1e6, 2e6, &mu, &sigma); /* "1,000,000", 2M */
  cr_expect_eq(m->scenarios[1].triggers[0].inputs[0].p[1], sigma);
  crq_model_free(m);
}

/* A spreadsheet's trailing commas (blank fields after the fifth) are
 * not fields. */
Test(model_show, imports_lines_with_trailing_commas) {
  crq_model *m = import_model("tests/data/csv/trailing.csv", "trailing.yaml");
  cr_assert_eq(m->n_scenarios, 2);
  cr_expect_str_eq(m->scenarios[1].id, "B");
  cr_expect_eq(m->scenarios[1].frequency.p[0], 0.2);
  crq_model_free(m);
}

Test(model_show, csv_errors_name_file_line_and_column) {
  static const struct {
    const char *file;
    crq_status status;
    int line, column;
    const char *message;
  } cases[] = {
      {"bad_fields", CRQ_ERR_INPUT, 2, 1,
       "a line with 4 fields; expected 5: id,name,annual_rate,low,high"},
      {"bad_extra", CRQ_ERR_INPUT, 2, 1,
       "a line with 7 fields; expected 5: id,name,annual_rate,low,high"},
      {"bad_rate", CRQ_ERR_INPUT, 2, 5,
       "annual_rate: 'often' is not a number; expected an annual rate >= 0 "
       "such as 0.1"},
      {"bad_semicolons", CRQ_ERR_INPUT, 1, 1,
       "a line with 1 field; expected 5: id,name,annual_rate,low,high "
       "(separated by commas, not semicolons; decimals with a point)"},
      {"bad_bom_inside", CRQ_ERR_INPUT, 2, 1,
       "id: '\xef\xbb\xbf"
       "b' is not a valid id (it starts with an invisible "
       "byte-order mark, U+FEFF: were two files joined?); expected 1 to 64 "
       "letters, digits, '_', '.' or '-'"},
      {"bad_infinite", CRQ_ERR_INPUT, 1, 9,
       "low: '1e400' is not a finite number; expected a loss amount >= 0 "
       "without currency such as 5000000, 5000万 or 5M"},
      {"bad_order", CRQ_ERR_INPUT, 1, 11,
       "high: 2 is not above low 5; expected low < high (the 5th and 95th "
       "percentiles)"},
      {"bad_low", CRQ_ERR_INPUT, 1, 9,
       "low: 0 is not above 0; expected a positive 5th percentile of the "
       "loss"},
      {"bad_id", CRQ_ERR_INPUT, 1, 1,
       "id: 'A B' is not a valid id; expected 1 to 64 letters, digits, '_', "
       "'.' or '-'"},
      {"bad_dup", CRQ_ERR_INPUT, 2, 1,
       "duplicate scenario id 'A' (first at 1:1); expected unique ids"},
      {"bad_quote", CRQ_ERR_INPUT, 1, 3,
       "a quoted field is not closed; expected a closing \""},
      {"bad_utf8", CRQ_ERR_INPUT, 1, 6,
       "invalid UTF-8 byte 0xe9; expected UTF-8 text (save a Shift_JIS file "
       "as UTF-8; or is this a binary file?)"},
      {"bad_currency", CRQ_ERR_INPUT, 1, 9,
       "low: '20M EUR' has a currency; expected a loss amount >= 0 without "
       "currency such as 5000000, 5000万 or 5M"},
      {"bad_empty", CRQ_ERR_INPUT, 0, 0,
       "no scenarios; expected lines id,name,annual_rate,low,high"},
      {"missing", CRQ_ERR_IO, 0, 0,
       "cannot open the file: No such file or directory; expected a "
       "readable file"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char path[128];
    snprintf(path, sizeof path, "tests/data/csv/%s.csv", cases[i].file);
    crq_diags d;
    crq_diags_init(&d);
    size_t len;
    char *text = import(path, &d, &len);
    cr_expect_null(text, "%s", path);
    free(text);
    cr_expect_eq(crq_diags_status(&d), cases[i].status, "%s", path);
    cr_assert_eq(d.count, 1, "%s: %zu diagnostics", path, d.count);
    cr_expect_str_eq(d.items[0].file, path);
    cr_expect_eq(d.items[0].line, cases[i].line, "%s", path);
    cr_expect_eq(d.items[0].column, cases[i].column, "%s", path);
    cr_expect_str_eq(d.items[0].message, cases[i].message, "%s", path);
    crq_diags_free(&d);
  }
}

/* Loading is safe from several threads at once (crq/model.h): each thread
 * loads and shows the same file and gets the same text. */
typedef struct load_job {
  const char *path;
  char *text;
  size_t len;
} load_job;

static void *load_and_show(void *arg) {
  load_job *job = arg;
  crq_model *m = NULL;
  if (crq_model_load_file(job->path, NULL, &m) == CRQ_OK) {
    FILE *f = open_memstream(&job->text, &job->len);
    if (f) {
      crq_model_write_yaml(m, f);
      fclose(f);
    }
  }
  crq_model_free(m);
  return NULL;
}

Test(model_show, concurrent_loads_agree) {
  enum { N = 4 };
  load_job jobs[N];
  pthread_t threads[N];
  for (int i = 0; i < N; i++) {
    jobs[i] = (load_job){"examples/hospital.yaml", NULL, 0};
    cr_assert_eq(pthread_create(&threads[i], NULL, load_and_show, &jobs[i]), 0);
  }
  for (int i = 0; i < N; i++)
    pthread_join(threads[i], NULL);
  for (int i = 0; i < N; i++) {
    cr_assert_not_null(jobs[i].text);
    cr_expect_eq(jobs[i].len, jobs[0].len);
    cr_expect_eq(memcmp(jobs[i].text, jobs[0].text, jobs[0].len), 0);
  }
  for (int i = 0; i < N; i++)
    free(jobs[i].text);
}
