/* tests/unit/test_robust_cli.c — the crq binary under interruptions and
 * failing outputs, run as a child process (docs/robustness.md):
 *
 *   - SIGINT/SIGTERM stop every long command (run in every report format
 *     and during its analysis, compare, sweep, sensitivity, optimize)
 *     within a second with exit 128 + signal and leave no file;
 *   - a full disk (/dev/full), a closed standard output, a missing or
 *     read-only directory, and a disk that fills in the middle of a report
 *     (RLIMIT_FSIZE) give a message naming the output, exit 1, and leave
 *     no partial or temporary file (an existing report stays as it was).
 *
 * Children are started with fork and exec (test_cli_util.h's posix_spawn
 * cannot close standard output, set a resource limit or drop a
 * capability). As root, permission bits do not stop writes; the children
 * of the read-only-directory tests drop CAP_DAC_OVERRIDE from their
 * bounding set so that they do (and the tests are skipped where that is
 * not allowed).
 */
#include <linux/capability.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "test_cli_util.h"

/* How soon a signalled command must stop: within a second (docs/cli.md),
 * or three in the sanitizer build (`make asan`: unoptimised and
 * instrumented, a run's statistics between two progress checks take
 * several times longer). Counted in the CPU time it uses after the signal,
 * which other jobs on the machine do not stretch (its threads' time added:
 * a thread per core, each working for the second it may take); the wall
 * time to its exit has a bound ten times as long, for a command that
 * would stop working but not exit. */
#ifdef __SANITIZE_ADDRESS__
#define STOP_WITHIN 3.0
#else
#define STOP_WITHIN 1.0
#endif
#define STOP_CPU ((double)sysconf(_SC_NPROCESSORS_ONLN) * STOP_WITHIN)
#define STOP_WALL (10 * STOP_WITHIN)

/* Exit code of a child that could not drop its capabilities. */
#define NO_CAPS 77

typedef struct child {
  const char *out; /* standard output: a file, or NULL for closed */
  const char *err; /* standard error: a file, or NULL for closed */
  long fsize;      /* RLIMIT_FSIZE in bytes; 0: none */
  long memory;     /* RLIMIT_AS in bytes; 0: none */
  int drop_dac;    /* as root, drop CAP_DAC_OVERRIDE and DAC_READ_SEARCH */
} child;

static pid_t start(const char *const *args, const child *c) {
  const char *argv[64] = {CRQ_BINARY};
  for (size_t n = 1; args[n - 1]; n++)
    argv[n] = args[n - 1];
  pid_t pid = fork();
  cr_assert_geq(pid, 0, "fork");
  if (pid > 0)
    return pid;
  int fd = open("/dev/null", O_RDONLY);
  dup2(fd, 0);
  close(fd);
  if (c->out) {
    fd = open(c->out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 1);
    close(fd);
  } else {
    close(1);
  }
  if (c->err) {
    fd = open(c->err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 2);
    close(fd);
  } else {
    close(2);
  }
  if (c->fsize) {
    struct rlimit rl = {(rlim_t)c->fsize, (rlim_t)c->fsize};
    signal(SIGXFSZ, SIG_IGN); /* writes beyond it fail with EFBIG */
    setrlimit(RLIMIT_FSIZE, &rl);
  }
  if (c->memory) {
    struct rlimit rl = {(rlim_t)c->memory, (rlim_t)c->memory};
    setrlimit(RLIMIT_AS, &rl);
  }
  if (c->drop_dac && geteuid() == 0 &&
      (prctl(PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0) != 0 ||
       prctl(PR_CAPBSET_DROP, CAP_DAC_READ_SEARCH, 0, 0, 0) != 0))
    _exit(NO_CAPS);
  execv(CRQ_BINARY, (char *const *)argv);
  _exit(127);
}

/* Runs crq to completion; returns the exit code, *err its standard error
 * (caller frees). */
static int run_child(const char *const *args, child c, char **err) {
  char path[] = "/tmp/crq-robust-err.XXXXXX";
  close(mkstemp(path));
  c.err = path;
  int code = cli_wait(start(args, &c));
  *err = cli_slurp(path);
  unlink(path);
  return code;
}

static double seconds_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The CPU time (user and system, every thread) pid has used so far:
 * fields 14 and 15 of /proc/PID/stat, after the command name's ')'. */
static double cpu_seconds(pid_t pid) {
  char path[64], line[1024];
  snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
  FILE *f = fopen(path, "r");
  cr_assert_not_null(f);
  cr_assert_not_null(fgets(line, sizeof line, f));
  fclose(f);
  unsigned long long user, sys;
  const char *after = strrchr(line, ')');
  cr_assert(after && sscanf(after + 2,
                            "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u "
                            "%llu %llu",
                            &user, &sys) == 2);
  return (double)(user + sys) / (double)sysconf(_SC_CLK_TCK);
}

/* Sends sig to pid and waits for it to end: its exit code (128 + signal
 * when the signal killed it), *cpu the CPU time it used after the signal
 * and *wall the time it took to end. */
static int stop_child(pid_t pid, int sig, double *cpu, double *wall) {
  double cpu0 = cpu_seconds(pid);
  cr_assert_eq(kill(pid, sig), 0);
  double t0 = seconds_now();
  int status;
  struct rusage ru;
  cr_assert_eq(wait4(pid, &status, 0, &ru), pid);
  *wall = seconds_now() - t0;
  *cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         1e-6 * (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) - cpu0;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* A scratch directory holding slow.yaml: the JCIC example with 200
 * events a year, so that a command on it runs long enough to be
 * interrupted. */
static char *slow_dir(char **model) {
  char *dir = cli_tmpdir();
  char *text = cli_slurp(JCIC);
  char *rate = strstr(text, "poisson: 0.05");
  cr_assert_not_null(rate);
  char *slow = NULL;
  cr_assert(asprintf(&slow, "%.*spoisson: 200%s", (int)(rate - text), text,
                     rate + strlen("poisson: 0.05")) > 0);
  *model = cli_write_file(dir, "slow.yaml", slow);
  free(text);
  free(slow);
  return dir;
}

/* Starts crq with args (an "OUT" argument is replaced by dir/out, a
 * "MODEL" one by the slow model), signals it after `after` seconds and
 * checks that it stops promptly (STOP_CPU, STOP_WALL) with exit
 * 128 + sig, says so, and leaves nothing but the model in dir. */
static void interrupt(const char *const *args, const char *out, int sig,
                      double after) {
  char *model = NULL;
  char *dir = slow_dir(&model);
  char *path = NULL, *err = NULL;
  cr_assert(asprintf(&path, "%s/%s", dir, out) > 0);
  char errdir[] = "/tmp/crq-robust-sig.XXXXXX";
  cr_assert_not_null(mkdtemp(errdir));
  cr_assert(asprintf(&err, "%s/err.txt", errdir) > 0);
  const char *argv[32];
  size_t n = 0;
  for (; args[n]; n++)
    argv[n] = strcmp(args[n], "OUT") == 0     ? path
              : strcmp(args[n], "MODEL") == 0 ? model
                                              : args[n];
  argv[n] = NULL;
  pid_t pid = start(argv, &(child){.out = "/dev/null", .err = err});
  struct timespec wait = {(time_t)after,
                          (long)((after - (double)(time_t)after) * 1e9)};
  nanosleep(&wait, NULL);
  double cpu, wall;
  int code = stop_child(pid, sig, &cpu, &wall);
  char *msg = cli_slurp(err);
  cr_expect_eq(code, 128 + sig, "%s: exit %d: %s", args[0], code, msg);
  cr_expect_lt(cpu, STOP_CPU, "%s worked %.2f CPU s after the signal", args[0],
               cpu);
  cr_expect_lt(wall, STOP_WALL, "%s ended %.2f s after the signal", args[0],
               wall);
  cr_expect_not_null(strstr(msg, "interrupted; no report written"), "%s", msg);
  cr_expect_eq(cli_count_entries(dir), 1, "%s: only the model is left",
               args[0]);
  free(msg);
  unlink(err);
  rmdir(errdir);
  free(err);
  free(path);
  free(model);
  cli_rmtree(dir);
}

/* With standard error closed, the report's temporary file must not take
 * descriptor 2: the run's own messages would land in the report. */
Test(robust_cli, a_closed_stderr_keeps_messages_out_of_the_report) {
  char *dir = cli_tmpdir(), *out = NULL;
  cr_assert(asprintf(&out, "%s/r.csv", dir) > 0);
  pid_t pid = start((const char *[]){"run", JCIC, "--trials", "2000",
                                     "--no-analysis", "--precision", "20%",
                                     "--format", "csv", "--out", out, NULL},
                    &(child){.out = "/dev/null", .err = NULL});
  cr_expect_eq(cli_wait(pid), 0);
  char *text = cli_slurp(out);
  cr_expect(strncmp(text, "table,", 6) == 0, "%.60s", text);
  free(text);
  free(out);
  cli_rmtree(dir);
}

/* An import waiting on its input (a pipe nobody writes) stops on SIGINT
 * with exit 130, the model file it would replace as it was and no
 * temporary file beside it. */
Test(robust_cli, sigint_stops_an_import) {
  char *dir = cli_tmpdir(), *fifo = NULL;
  cr_assert(asprintf(&fifo, "%s/in.csv", dir) > 0);
  cr_assert_eq(mkfifo(fifo, 0600), 0);
  char *out = cli_write_file(dir, "m.yaml", "old\n");
  pid_t pid = start((const char *[]){"import", fifo, "-o", out, NULL},
                    &(child){.out = "/dev/null", .err = "/dev/null"});
  nanosleep(&(struct timespec){0, 300000000}, NULL);
  cr_assert_eq(kill(pid, SIGINT), 0);
  cr_expect_eq(cli_wait(pid), 128 + SIGINT);
  char *text = cli_slurp(out);
  cr_expect_str_eq(text, "old\n");
  cr_expect_eq(cli_count_entries(dir), 2, "the pipe and the old model only");
  free(text);
  free(out);
  free(fifo);
  cli_rmtree(dir);
}

Test(robust_cli, sigint_stops_a_json_report) {
  interrupt((const char *[]){"run", "MODEL", "--trials", "10000000", "--format",
                             "json", "--out", "OUT", NULL},
            "r.json", SIGINT, 0.5);
}

Test(robust_cli, sigterm_stops_a_text_report) {
  interrupt((const char *[]){"run", "MODEL", "--trials", "10000000", "--out",
                             "OUT", NULL},
            "r.txt", SIGTERM, 0.5);
}

Test(robust_cli, sighup_stops_a_csv_report) { /* the terminal closed */
  interrupt((const char *[]){"run", "MODEL", "--trials", "10000000", "--format",
                             "csv", "--out", "OUT", NULL},
            "r.csv", SIGHUP, 0.5);
}

Test(robust_cli, sigint_stops_an_html_report) {
  interrupt((const char *[]){"run", "MODEL", "--trials", "10000000", "--format",
                             "html", "--out", "OUT", NULL},
            "r.html", SIGINT, 0.5);
}

Test(robust_cli, sigterm_stops_an_xlsx_report) {
  interrupt((const char *[]){"run", "MODEL", "--trials", "10000000", "--format",
                             "xlsx", "--out", "OUT", NULL},
            "r.xlsx", SIGTERM, 0.5);
}

/* 100,000 years take seconds; the analysis then simulates the 16
 * coalitions of the four measures for ten times as long, so the signal
 * comes during the analysis on any machine where the first run takes
 * under two seconds (and during the run itself on slower ones). */
Test(robust_cli, sigint_stops_the_analysis_of_a_run) {
  interrupt((const char *[]){"run", "MODEL", "--trials", "100000", "--format",
                             "json", "--out", "OUT", NULL},
            "r.json", SIGINT, 2.0);
}

Test(robust_cli, sigterm_stops_compare) {
  interrupt((const char *[]){"compare", "MODEL", "MODEL", "--trials",
                             "10000000", "--format", "html", "--out", "OUT",
                             NULL},
            "c.html", SIGTERM, 0.5);
}

Test(robust_cli, sigint_stops_sweep) {
  interrupt((const char *[]){"sweep", "MODEL", "--vary",
                             "scenarios.member_db_breach.business_stoppage."
                             "downtime_days=1:10:10",
                             "--trials", "10000000", "--format", "csv", "--out",
                             "OUT", NULL},
            "s.csv", SIGINT, 0.5);
}

Test(robust_cli, sigterm_stops_sensitivity) {
  interrupt((const char *[]){"sensitivity", "MODEL", "--trials", "10000000",
                             "--format", "json", "--out", "OUT", NULL},
            "s.json", SIGTERM, 0.5);
}

Test(robust_cli, sigint_stops_optimize) {
  interrupt((const char *[]){"optimize", "MODEL", "--budget", "10億",
                             "--objective", "eal", "--trials", "10000000",
                             "--format", "text", "--out", "OUT", NULL},
            "o.txt", SIGINT, 0.5);
}

/* Every command that writes to standard output, quick to run. */
static const char *const *const stdout_commands[] = {
    (const char *[]){"run", JCIC, "--trials", "2000", NULL},
    (const char *[]){"run", JCIC, "--trials", "2000", "--format", "html", NULL},
    (const char *[]){"run", JCIC, "--trials", "2000", "--format", "xlsx", NULL},
    (const char *[]){"run", JCIC, "--trials", "2000", "--format", "csv", NULL},
    (const char *[]){"show", JCIC, NULL},
    (const char *[]){"validate", JCIC, NULL},
    (const char *[]){"import", "bench/w20.csv", NULL},
    (const char *[]){"kpi", "list", NULL},
    (const char *[]){"--help", NULL},
    (const char *[]){"--version", NULL},
    (const char *[]){"help", "run", NULL},
    (const char *[]){"compare", JCIC, JCIC, "--trials", "1000", NULL},
    (const char *[]){"sweep", JCIC, "--vary",
                     "kpis.anonymisation.actual=0:100:3", "--trials", "1000",
                     NULL},
    (const char *[]){"sensitivity", JCIC, "--trials", "1000", NULL},
    (const char *[]){"optimize", JCIC, "--budget", "10億", "--trials", "1000",
                     NULL},
};

#define N_STDOUT_COMMANDS (sizeof stdout_commands / sizeof stdout_commands[0])

static void expect_stdout_failure(const char *out, const char *why) {
  for (size_t i = 0; i < N_STDOUT_COMMANDS; i++) {
    const char *const *args = stdout_commands[i];
    char *err = NULL;
    int code = run_child(args, (child){.out = out}, &err);
    cr_expect_eq(code, 1, "%s %s: exit %d: %s", args[0], args[1] ? args[1] : "",
                 code, err);
    cr_expect_not_null(strstr(err, "cannot write to standard output"),
                       "%s %s: %s", args[0], args[1] ? args[1] : "", err);
    cr_expect_not_null(strstr(err, why), "%s %s: %s", args[0],
                       args[1] ? args[1] : "", err);
    free(err);
  }
}

Test(robust_cli, every_command_fails_on_a_full_stdout) {
  expect_stdout_failure("/dev/full", "No space left on device");
}

Test(robust_cli, every_command_fails_on_a_closed_stdout) {
  expect_stdout_failure(NULL, "Bad file descriptor");
}

/* Every command that writes a file with --out (or -o), FILE standing for
 * the path. */
static const char *const *const file_commands[] = {
    (const char *[]){"run", JCIC, "--trials", "2000", "--format", "json",
                     "--out", "FILE", NULL},
    (const char *[]){"run", JCIC, "--trials", "2000", "--format", "html",
                     "--out", "FILE", NULL},
    (const char *[]){"run", JCIC, "--trials", "2000", "--format", "xlsx",
                     "--out", "FILE", NULL},
    (const char *[]){"run", JCIC, "--trials", "2000", "--format", "csv",
                     "--out", "FILE", NULL},
    (const char *[]){"import", "bench/w20.csv", "-o", "FILE", NULL},
    (const char *[]){"compare", JCIC, JCIC, "--trials", "1000", "--out", "FILE",
                     NULL},
    (const char *[]){"sweep", JCIC, "--vary",
                     "kpis.anonymisation.actual=0:100:3", "--trials", "1000",
                     "--format", "html", "--out", "FILE", NULL},
    (const char *[]){"sensitivity", JCIC, "--trials", "1000", "--format",
                     "json", "--out", "FILE", NULL},
    (const char *[]){"optimize", JCIC, "--budget", "10億", "--trials", "1000",
                     "--format", "csv", "--out", "FILE", NULL},
};

#define N_FILE_COMMANDS (sizeof file_commands / sizeof file_commands[0])

/* Runs file command i with FILE = path; returns the exit code. */
static int run_file_command(size_t i, const char *path, child c, char **err) {
  const char *argv[32];
  size_t n = 0;
  for (; file_commands[i][n]; n++)
    argv[n] =
        strcmp(file_commands[i][n], "FILE") == 0 ? path : file_commands[i][n];
  argv[n] = NULL;
  return run_child(argv, c, err);
}

/* Each file command writing to path fails with exit 1 and a message
 * naming path and saying why. */
static void expect_file_failure(const char *path, const char *why, child c) {
  for (size_t i = 0; i < N_FILE_COMMANDS; i++) {
    char *err = NULL;
    int code = run_file_command(i, path, c, &err);
    if (code == NO_CAPS) {
      free(err);
      cr_skip_test("cannot drop CAP_DAC_OVERRIDE to test permissions as root");
    }
    cr_expect_eq(code, 1, "%s: exit %d: %s", file_commands[i][0], code, err);
    cr_expect_not_null(strstr(err, path), "%s: %s", file_commands[i][0], err);
    cr_expect_not_null(strstr(err, why), "%s: %s", file_commands[i][0], err);
    free(err);
  }
}

Test(robust_cli, every_output_file_fails_on_a_full_disk) {
  expect_file_failure("/dev/full", "No space left on device", (child){0});
}

Test(robust_cli, every_output_file_fails_in_a_missing_directory) {
  expect_file_failure("/nonexistent-crq-dir/r.out", "No such file or directory",
                      (child){0});
  cr_expect_neq(access("/nonexistent-crq-dir", F_OK), 0);
}

Test(robust_cli, every_output_file_fails_in_a_read_only_directory) {
  char *dir = cli_tmpdir();
  char *path = NULL;
  cr_assert(asprintf(&path, "%s/r.out", dir) > 0);
  cr_assert_eq(chmod(dir, 0500), 0);
  expect_file_failure(path, "Permission denied", (child){.drop_dac = 1});
  cr_expect_eq(cli_count_entries(dir), 0, "nothing written in %s", dir);
  chmod(dir, 0700);
  free(path);
  cli_rmtree(dir);
}

/* A read-only report in a writable directory is not replaced (rename
 * could, the directory allowing it): the same refusal as writing into it
 * directly, the file as it was. */
Test(robust_cli, a_read_only_report_is_not_replaced) {
  char *dir = cli_tmpdir();
  char *path = cli_write_file(dir, "r.out", "the previous report\n");
  cr_assert_eq(chmod(path, 0444), 0);
  expect_file_failure(path, "Permission denied", (child){.drop_dac = 1});
  char *text = cli_slurp(path);
  cr_expect_str_eq(text, "the previous report\n");
  cr_expect_eq(cli_count_entries(dir), 1, "no temporary file in %s", dir);
  free(text);
  free(path);
  cli_rmtree(dir);
}

/* The disk fills up in the middle of the report (the file size limit is
 * far below every report's size): exit 1, a message naming the file, the
 * report that was there before untouched and no temporary file. */
Test(robust_cli, a_disk_filling_up_keeps_the_previous_report) {
  char *dir = cli_tmpdir();
  for (size_t i = 0; i < N_FILE_COMMANDS; i++) {
    char *path = cli_write_file(dir, "r.out", "the previous report\n");
    char *err = NULL;
    int code = run_file_command(i, path, (child){.fsize = 512}, &err);
    cr_expect_eq(code, 1, "%s: exit %d: %s", file_commands[i][0], code, err);
    cr_expect_not_null(strstr(err, "cannot write"), "%s", err);
    cr_expect_not_null(strstr(err, path), "%s: %s", file_commands[i][0], err);
    char *kept = cli_slurp(path);
    cr_expect_str_eq(kept, "the previous report\n", "%s changed the file",
                     file_commands[i][0]);
    cr_expect_eq(cli_count_entries(dir), 1, "%s left a temporary file",
                 file_commands[i][0]);
    free(kept);
    free(err);
    free(path);
  }
  cli_rmtree(dir);
}

/* A run whose trials do not fit in memory (100 million years need 3.2 GB;
 * the address space is limited to 512 MiB) fails cleanly: exit 1, a
 * message saying so, no file. AddressSanitizer needs terabytes of address
 * space for its shadow memory, so the sanitizer build skips this. */
Test(robust_cli, a_run_too_large_for_memory_fails_cleanly) {
#ifdef __SANITIZE_ADDRESS__
  cr_skip_test("RLIMIT_AS and AddressSanitizer do not mix");
#endif
  char *dir = cli_tmpdir();
  char *path = NULL, *err = NULL;
  cr_assert(asprintf(&path, "%s/r.json", dir) > 0);
  int code = run_child((const char *[]){"run", JCIC, "--trials", "100000000",
                                        "--out", path, NULL},
                       (child){.out = "/dev/null", .memory = 512L << 20}, &err);
  cr_expect_eq(code, 1, "exit %d: %s", code, err);
  cr_expect_not_null(strstr(err, "out of memory for 100000000 trials"), "%s",
                     err);
  cr_expect_eq(cli_count_entries(dir), 0, "no report, no temporary file");
  free(err);
  free(path);
  cli_rmtree(dir);
}
