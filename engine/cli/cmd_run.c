/* engine/cli/cmd_run.c — `crq run MODEL`: load, simulate, write the report.
 *
 * The output file is opened (as a temporary file) before the simulation so
 * an unwritable path fails at once, not after a long run; it is renamed
 * into place only when the whole report was written. SIGINT/SIGTERM/SIGHUP stop
 * the simulation within a second (the progress callback returns non-zero)
 * and leave no file behind.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_mpi.h"
#include "crq/report.h"
#include "output.h"
#include "progress.h"
#include "run_analysis.h"

static const cli_option options[] = {
    {"trials", 'n', "N",
     "simulated years, such as 100000 or 1e5 (default:\n"
     "the model's simulation.trials, 100000 if it has\n"
     "none)"},
    {"seed", 's', "N",
     "random seed; the same model, trials and seed give\n"
     "the same figures on any machine (default: the\n"
     "model's simulation.seed)"},
    {"threads", 'j', "N",
     "worker threads, 0 for all cores; the figures do not\n"
     "depend on it (default: the model's\n"
     "simulation.threads)"},
    {"format", 'f', "FMT",
     "report format: text, json, csv, html or xlsx\n"
     "(default: text; docs/reports.md)"},
    {"bom", 0, NULL,
     "csv: start with a UTF-8 byte order mark, so that\n"
     "Excel opens the file as UTF-8"},
    {"out", 'o', "FILE",
     "write the report to FILE, atomically (default:\n"
     "standard output)"},
    {"ylt", 0, "FILE",
     "also write the year loss table to FILE: a CSV row\n"
     "per simulated year (trial, baseline, measures)"},
    {"lang", 0, "LANG",
     "report language, ja or en (default: ja when LC_ALL,\n"
     "or LANG if LC_ALL is unset, starts with \"ja\")"},
    {"quiet", 'q', NULL,
     "no progress bar (it is shown on a terminal only,\n"
     "for runs over a second)"},
    {"no-analysis", 0, NULL,
     "skip the attribution, roadmap and ROSI sections\n"
     "(they simulate every subset of the measures)"},
    {"as-of", 0, "DATE",
     "date of the KPIs' actuals for the roadmap,\n"
     "YYYY-MM-DD (default: today)"},
    {"roadmap-step", 0, "S",
     "roadmap steps S: month or quarter (default:\n"
     "month)"},
    {"amortise", 0, "YEARS",
     "years over which one-off costs are spread in\n"
     "ROSI (default: 3)"},
    {"precision", 0, "P",
     "simulate until the EAL's standard error and VaR\n"
     "99%'s 95% interval are within P of their value\n"
     "(e.g. 1%); --trials is then the most (default\n"
     "1e9)"},
    {"memory", 0, "MIB",
     "memory budget for keeping every year's loss;\n"
     "larger runs use streaming mode, within 0.1%\n"
     "(default: half the physical memory; at most\n"
     "the physical memory)"},
    CLI_OPTION_SET,
};

/* The run settings read from the command line. */
typedef struct run_config {
  crq_sim_options sim;
  crq_report_options report;
  cli_analysis_config analysis;
  const char *model, *out;
  const char *ylt; /* --ylt FILE, or NULL */
  int quiet;
} run_config;

/* --precision (a share: "1%" or 0.01) and --memory; under MPI, only rank
 * 0 writes --out (the others' standard output is /dev/null). */
static int read_scale(const cli_command *cmd, const cli_args *a,
                      run_config *c) {
  const char *v = cli_value(cmd, a, "precision");
  if (v) {
    char *end;
    double p = strtod(v, &end);
    p = *end == '%' ? p / 100 : p;
    if (end == v || (*end && strcmp(end, "%") != 0) || !(p > 0 && p < 1)) {
      cli_error(cmd,
                "--precision: expected a share such as 1%% or 0.01, "
                "found '%s'",
                v);
      return CLI_EXIT_USAGE;
    }
    c->sim.precision = p;
  }
  if ((v = cli_value(cmd, a, "memory")) &&
      cli_parse_u64(cmd, "memory", v, 1, UINT64_MAX >> 20, &c->sim.memory_mib))
    return CLI_EXIT_USAGE;
  if (cli_mpi_rank() != 0)
    c->out = c->ylt = NULL;
  return 0;
}

/* Says how the run was made when it was not the plain way. */
static void note_scale(const cli_command *cmd, const run_config *c,
                       const crq_model *m, const crq_result *r) {
  uint64_t n = crq_result_trials(r);
  double reached = crq_result_precision(r);
  if (c->sim.precision > 0 && reached <= c->sim.precision)
    fprintf(stderr,
            "crq %s: %llu years simulated for a precision of %g%% "
            "(reached: %.3g%%)\n",
            cmd->name, (unsigned long long)n, 100 * c->sim.precision,
            100 * reached);
  else if (c->sim.precision > 0) {
    char got[32] = "unknown"; /* e.g. one year: no spread to measure */
    if (isfinite(reached))
      snprintf(got, sizeof got, "%.3g%%", 100 * reached);
    fprintf(stderr,
            "crq %s: warning: the precision of %g%% was not reached: "
            "%s after %llu years, the most --trials allows (10^9 "
            "unless given; raise it)\n",
            cmd->name, 100 * c->sim.precision, got, (unsigned long long)n);
  }
  if (crq_result_streaming(r))
    fprintf(stderr,
            "crq %s: streaming mode: %llu years would need %.0f MiB to keep "
            "every loss, over the memory budget; quantiles, TVaR and "
            "exceedance are read from histograms, within 0.1%% "
            "(docs/methodology.md §7.9)\n",
            cmd->name, (unsigned long long)n,
            (double)crq_sim_exact_bytes(m, n) / 1048576);
}

static int read_config(const cli_command *cmd, const cli_args *a,
                       run_config *c) {
  if (cli_read_sim(cmd, a, &c->sim) ||
      cli_read_report(cmd, a, NULL, &c->report))
    return CLI_EXIT_USAGE;
  if (cli_analysis_read(cmd, a, &c->analysis))
    return CLI_EXIT_USAGE;
  c->out = cli_value(cmd, a, "out");
  c->ylt = cli_value(cmd, a, "ylt");
  if (cli_output_check(cmd, a, "out", c->out) ||
      cli_output_check(cmd, a, "ylt", c->ylt))
    return CLI_EXIT_USAGE;
  if (c->ylt && cli_output_is_stdout(c->ylt) && cli_output_is_stdout(c->out)) {
    cli_error(cmd,
              "--ylt %s: the report goes to standard output too; "
              "expected --out FILE or a file for --ylt",
              c->ylt);
    return CLI_EXIT_USAGE;
  }
  if (c->ylt && cli_output_same(c->out, c->ylt)) {
    cli_error(cmd, "--ylt and --out both name '%s'; expected two files",
              c->ylt);
    return CLI_EXIT_USAGE;
  }
  if (c->ylt && c->sim.comm) { /* said now, not after the run */
    cli_error(cmd, "--ylt: under mpirun each process keeps only its own "
                   "years; expected a run in one process");
    return CLI_EXIT_USAGE;
  }
  if (strcmp(c->report.format, "xlsx") == 0 && cli_output_is_stdout(c->out) &&
      isatty(STDOUT_FILENO)) {
    cli_error(cmd, "--format xlsx: a workbook is binary; write it to a file "
                   "with --out FILE");
    return CLI_EXIT_USAGE;
  }
  c->quiet = cli_value(cmd, a, "quiet") != NULL;
  c->model = a->pos[0];
  return read_scale(cmd, a, c);
}

/* Writes the year loss table into the open --ylt output and commits it;
 * returns the exit code. */
static int write_ylt(const run_config *c, const crq_result *r,
                     cli_output *out) {
  int rc;
  crq_diags d;
  crq_diags_init(&d);
  crq_status s = crq_report_write_ylt(r, out->fp, &d);
  if (s == CRQ_OK) {
    rc = cli_output_commit(out);
  } else {
    if (s == CRQ_ERR_IO)
      cli_output_error(out, 0);
    else
      cli_print_diags(&d, s, c->model);
    rc = cli_exit_code(s, 0);
    cli_output_abort(out);
  }
  crq_diags_free(&d);
  return rc;
}

/* Simulates and writes into the open outputs (ylt: --ylt's, or NULL);
 * returns the exit code. */
static int simulate_and_write(const cli_command *cmd, const cli_args *a,
                              const run_config *c, const crq_model *m,
                              cli_output *out, cli_output *ylt) {
  cli_progress progress;
  crq_sim_options sim = c->sim;
  cli_progress_attach(&progress, c->quiet, &sim);
  crq_diags d;
  crq_diags_init(&d);
  crq_result *r = NULL;
  crq_status s = crq_simulate(m, &sim, &r, &d);
  cli_progress_finish(&progress);
  if (s == CRQ_OK)
    note_scale(cmd, c, m, r);
  crq_analysis *an = NULL;
  if (s == CRQ_OK && !cli_signal_received())
    s = cli_analysis_run(cmd, &c->analysis, m, r, &c->sim, c->quiet, &an, &d);
  crq_report_options report = c->report;
  report.analysis = an;
  crq_status ws = CRQ_OK; /* of writing the report */
  int write_errno = 0;
  if (s == CRQ_OK && !cli_signal_received())
    ws = crq_report_write(r, &report, out->fp, &d);
  if (ws == CRQ_ERR_IO) { /* flushing again tells why the stream failed */
    errno = 0;
    fflush(out->fp);
    write_errno = errno;
  }
  int rc = CLI_EXIT_OK;
  if (s == CRQ_OK && ws == CRQ_OK && ylt && !cli_signal_received())
    rc = write_ylt(c, r, ylt);
  if (cli_signal_received()) {
    rc = 128 + cli_signal_received();
    cli_error(cmd, "interrupted; no report written");
  } else if (s != CRQ_OK || (ws != CRQ_OK && ws != CRQ_ERR_IO)) {
    cli_note_sets(cmd, a, &d);
    cli_print_diags(&d, s != CRQ_OK ? s : ws, c->model);
    rc = cli_exit_code(s != CRQ_OK ? s : ws, 0);
  } else if (ws == CRQ_ERR_IO) {
    cli_output_error(out, write_errno);
    rc = CLI_EXIT_FAILURE;
  }
  crq_analysis_free(an);
  crq_result_free(r);
  crq_diags_free(&d);
  return rc;
}

static int run_main(const cli_command *cmd, int argc, char **argv) {
  cli_args a;
  run_config c;
  int rc;
  if (cli_start(cmd, argc, argv, 1, &a, &rc) &&
      !(rc = read_config(cmd, &a, &c))) {
    cli_signals_install();
    crq_model *m = cli_load_model_set(cmd, &a, c.model, &rc);
    if (m && c.ylt && c.sim.precision == 0 && c.sim.trials <= UINT32_MAX &&
        crq_sim_streams(m, &c.sim)) {
      cli_error(cmd, "--ylt: every year's loss would exceed the memory "
                     "budget, so the run would keep none (streaming mode); "
                     "expected fewer --trials or a larger --memory");
      rc = CLI_EXIT_USAGE;
    }
    cli_output out, ylt; /* both opened first: a bad path fails at once */
    if (m && !rc && !(rc = cli_output_open(&out, c.out))) {
      if (!c.ylt || !(rc = cli_output_open(&ylt, c.ylt)))
        rc = simulate_and_write(cmd, &a, &c, m, &out, c.ylt ? &ylt : NULL);
      if (!rc)
        rc = cli_output_commit(&out);
      if (rc && c.ylt)
        cli_output_abort(&ylt); /* nothing when committed or failed */
      if (rc)
        cli_output_abort(&out);
    }
    crq_model_free(m);
  }
  cli_args_free(&a);
  return rc;
}

const cli_command cli_cmd_run = {
    .name = "run",
    .summary = "simulate a model and write the report (maximum loss, EAL, "
               "VaR...)",
    .usage = "crq run MODEL [options]",
    .description =
        "Simulates MODEL (a crq model file, docs/model-format.md) and "
        "writes its\n"
        "report: the deterministic maximum loss now and after the measures "
        "(the\n"
        "JCIC figure), the expected annual loss, VaR and TVaR with 95% "
        "intervals,\n"
        "return periods, contributions by scenario and category, "
        "risk-appetite\n"
        "verdicts, the reductions the measures buy and their KPIs; then "
        "what\n"
        "each measure buys (Shapley values, waterfall), the KPI roadmap and "
        "ROSI,\n"
        "simulating every subset of the measures on the same trials "
        "(skip with\n"
        "--no-analysis). Ctrl-C stops the run (exit 130) and writes "
        "nothing.",
    .options = options,
    .n_options = sizeof options / sizeof options[0],
    .examples = "crq run examples/jcic_manufacturer.yaml\n"
                "crq run model.yaml --trials 1000000 --seed 7 --format json "
                "--out result.json\n"
                "crq run model.yaml --lang ja --quiet > report.txt\n"
                "crq run model.yaml --format html --lang ja --out board.html\n"
                "crq run model.yaml --set kpis.patching.actual=80 --set "
                "simulation.trials=1e6",
    .main = run_main,
};
