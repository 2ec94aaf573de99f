/* tests/unit/test_cli_util.h — running the crq binary (CRQ_BINARY) as a
 * child process from the CLI tests: arguments, optional environment,
 * stdout/stderr captured through temporary files, exit code (128 + signal
 * when the child was killed), and helpers for scratch directories.
 * Header-only (static inline) so each test file gets its own copy. */
#ifndef CRQ_TEST_CLI_UTIL_H
#define CRQ_TEST_CLI_UTIL_H

#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define JCIC "examples/jcic_manufacturer.yaml"

typedef struct cli_run {
  int code;  /* exit code, or 128 + signal */
  char *out; /* captured stdout */
  char *err; /* captured stderr */
} cli_run;

static inline char *cli_slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  cr_assert_not_null(f, "cannot read %s", path);
  char *buf = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&buf, &len);
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    fwrite(chunk, 1, n, m);
  fclose(f);
  fclose(m);
  return buf;
}

/* Starts crq with argv (NULL-terminated, without the program name) and
 * env (NULL: inherit); stdout goes to out_path (NULL: captured into a
 * scratch file). Returns the pid. */
static inline pid_t cli_start(const char *const *args, char *const *env,
                              const char *out_path, const char *err_path) {
  const char *argv[64] = {CRQ_BINARY};
  size_t n = 1;
  for (; args[n - 1]; n++)
    argv[n] = args[n - 1];
  argv[n] = NULL;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out_path,
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&fa, 2, err_path,
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid;
  int rc = posix_spawn(&pid, CRQ_BINARY, &fa, NULL, (char *const *)argv,
                       env ? env : environ);
  posix_spawn_file_actions_destroy(&fa);
  cr_assert_eq(rc, 0, "cannot start %s", CRQ_BINARY);
  return pid;
}

static inline int cli_wait(pid_t pid) {
  int status;
  cr_assert_eq(waitpid(pid, &status, 0), pid);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Runs crq to completion; stdout to `stdout_path` when given. */
static inline cli_run cli_run_env(const char *const *args, char *const *env,
                                  const char *stdout_path) {
  char out[] = "/tmp/crq-test-out.XXXXXX", err[] = "/tmp/crq-test-err.XXXXXX";
  close(mkstemp(out));
  close(mkstemp(err));
  pid_t pid = cli_start(args, env, stdout_path ? stdout_path : out, err);
  cli_run r = {.code = cli_wait(pid)};
  r.out = cli_slurp(out);
  r.err = cli_slurp(err);
  unlink(out);
  unlink(err);
  return r;
}

static inline cli_run cli_exec(const char *const *args) {
  return cli_run_env(args, NULL, NULL);
}

static inline void cli_run_free(cli_run *r) {
  free(r->out);
  free(r->err);
}

/* A fresh scratch directory (caller frees the path). */
static inline char *cli_tmpdir(void) {
  char *d = strdup("/tmp/crq-test-dir.XXXXXX");
  cr_assert_not_null(mkdtemp(d));
  return d;
}

/* Number of entries in dir other than . and .. */
static inline int cli_count_entries(const char *dir) {
  DIR *d = opendir(dir);
  cr_assert_not_null(d, "cannot open %s", dir);
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)))
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
      n++;
  closedir(d);
  return n;
}

/* Removes a scratch directory and the plain files in it. */
static inline void cli_rmtree(char *dir) {
  DIR *d = opendir(dir);
  struct dirent *e;
  while (d && (e = readdir(d))) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    if (unlink(path) != 0)
      rmdir(path);
  }
  if (d)
    closedir(d);
  rmdir(dir);
  free(dir);
}

/* Writes text to dir/name and returns the path (caller frees). */
static inline char *cli_write_file(const char *dir, const char *name,
                                   const char *text) {
  char *path = NULL;
  cr_assert(asprintf(&path, "%s/%s", dir, name) > 0);
  FILE *f = fopen(path, "w");
  cr_assert_not_null(f);
  fputs(text, f);
  cr_assert_eq(fclose(f), 0);
  return path;
}

#endif
