/* engine/cli/output.c — atomic output files (see output.h). */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* Creates "<dir>/.<base>.XXXXXX" next to path. It gets the permissions
 * (and, where allowed, the owner) of the file it will replace, `old`, or
 * else those a plain fopen would give (0666 less the umask). */
static int make_temp(const char *path, const struct stat *old, char **tmp_out) {
  char *d = strdup(path), *b = strdup(path), *tmp = NULL;
  int fd = -1;
  if (d && b && asprintf(&tmp, "%s/.%s.XXXXXX", dirname(d), basename(b)) >= 0) {
    fd = mkstemp(tmp);
    if (fd >= 0 && old) {
      (void)!fchown(fd, old->st_uid, old->st_gid); /* as root; else ours */
      fchmod(fd, old->st_mode & 07777);
    } else if (fd >= 0) {
      mode_t mask = umask(0);
      umask(mask);
      fchmod(fd, 0666 & ~mask);
    }
  }
  int saved = errno;
  free(d);
  free(b);
  if (fd < 0) {
    free(tmp);
    tmp = NULL;
  }
  *tmp_out = tmp;
  errno = saved;
  return fd;
}

/* fopencookie's write: every byte or the reason why not (0 on error). */
static ssize_t sink_write(void *cookie, const char *buf, size_t n) {
  cli_sink *s = cookie;
  size_t done = 0;
  while (done < n) {
    ssize_t k = write(s->fd, buf + done, n - done);
    if (k < 0 && errno == EINTR) /* a signal: crq decides after writing */
      continue;
    if (k <= 0) {
      if (!s->err)
        s->err = k < 0 ? errno : EIO;
      break;
    }
    done += (size_t)k;
  }
  return (ssize_t)done;
}

static int sink_close(void *cookie) {
  cli_sink *s = cookie;
  if (s->owned && close(s->fd) != 0) {
    if (!s->err)
      s->err = errno;
    return -1;
  }
  return 0;
}

/* A stream writing to fd (closed with it when owned); NULL with errno
 * set, fd then still open. */
static FILE *sink_open(cli_output *o, int fd, int owned) {
  o->sink = calloc(1, sizeof *o->sink);
  FILE *f = NULL;
  if (o->sink) {
    *o->sink = (cli_sink){fd, owned, 0};
    f = fopencookie(
        o->sink, "w",
        (cookie_io_functions_t){.write = sink_write, .close = sink_close});
  }
  if (!f) {
    free(o->sink);
    o->sink = NULL;
  }
  return f;
}

/* Whether path names this process's standard output, as "-" does. */
static int is_stdout(const char *path) {
  return strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0 ||
         strcmp(path, "/dev/fd/1") == 0 || strcmp(path, "/proc/self/fd/1") == 0;
}

/* Whether path, followed link by link, passes through /dev or /proc
 * (/dev/stderr, /dev/fd/N, a link to them): a device or a descriptor
 * already open, to be written in place, never replaced by a rename. */
static int is_special(const char *path) {
  char cur[PATH_MAX], link[PATH_MAX];
  snprintf(cur, sizeof cur, "%s", path);
  for (int hops = 0; hops < 40; hops++) {
    if (strncmp(cur, "/dev/", 5) == 0 || strncmp(cur, "/proc/", 6) == 0)
      return 1;
    ssize_t n = readlink(cur, link, sizeof link - 1);
    if (n < 0)
      return 0; /* not a link: the end of the chain */
    link[n] = '\0';
    char *slash = strrchr(cur, '/');
    if (link[0] == '/' || !slash) /* absolute, or relative to "." */
      snprintf(cur, sizeof cur, "%s", link);
    else /* relative to the link's directory */
      snprintf(slash + 1, sizeof cur - (size_t)(slash + 1 - cur), "%s", link);
  }
  return 0;
}

/* The descriptor of the target: a temporary file next to a regular file
 * (which must be writable: a read-only file is not replaced), else the
 * device, FIFO or open descriptor itself (no rename possible). */
static int open_target(cli_output *o) {
  struct stat st;
  int exists = stat(o->target, &st) == 0;
  if (is_special(o->path) || (exists && !S_ISREG(st.st_mode)))
    return open(o->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (exists && access(o->target, W_OK) != 0)
    return -1;
  return make_temp(o->target, exists ? &st : NULL, &o->tmp);
}

/* The file to write for path: the file a symbolic link points to (the
 * link stays, and its target gets the output), else path itself (also a
 * dangling link, which the output then replaces). */
static char *resolve(const char *path) {
  struct stat st;
  char *real = NULL;
  if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
    real = realpath(path, NULL);
  return real ? real : strdup(path);
}

int cli_output_open(cli_output *o, const char *path) {
  memset(o, 0, sizeof *o);
  if (!path || is_stdout(path)) {
    o->fp = sink_open(o, STDOUT_FILENO, 0);
    if (o->fp)
      return CLI_EXIT_OK;
    cli_error(NULL, "cannot write to standard output: %s", strerror(errno));
    return CLI_EXIT_FAILURE;
  }
  o->path = path;
  struct stat st;
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
    cli_error(NULL,
              "cannot write '%s': it is a directory; expected a file "
              "path",
              path);
    return CLI_EXIT_FAILURE;
  }
  o->target = resolve(path);
  int fd = o->target ? open_target(o) : -1;
  o->fp = fd >= 0 ? sink_open(o, fd, 1) : NULL;
  if (!o->fp) {
    int saved = o->target ? errno : ENOMEM;
    if (fd >= 0)
      close(fd);
    cli_error(NULL, "cannot write '%s': %s", path, strerror(saved));
    cli_output_abort(o);
    return CLI_EXIT_FAILURE;
  }
  return CLI_EXIT_OK;
}

/* Flushes and closes the stream, and syncs a temporary file; returns 0 or
 * the errno of the first failure. */
static int close_checked(cli_output *o) {
  int err = 0;
  if (fflush(o->fp) != 0 || ferror(o->fp))
    err = o->sink->err ? o->sink->err : EIO;
  if (!err && o->tmp && fsync(o->sink->fd) != 0)
    err = errno;
  if (fclose(o->fp) != 0 && !err)
    err = o->sink->err ? o->sink->err : EIO;
  o->fp = NULL;
  free(o->sink);
  o->sink = NULL;
  return err;
}

int cli_output_commit(cli_output *o) {
  int err = close_checked(o);
  if (!err && o->tmp && rename(o->tmp, o->target) != 0)
    err = errno;
  if (err) {
    cli_output_error(o, err);
    cli_output_abort(o);
    return CLI_EXIT_FAILURE;
  }
  free(o->tmp);
  o->tmp = NULL;
  free(o->target);
  o->target = NULL;
  return CLI_EXIT_OK;
}

void cli_output_error(const cli_output *o, int err) {
  if (o->sink && o->sink->err)
    err = o->sink->err;
  const char *why = strerror(err ? err : EIO);
  if (o->path)
    cli_error(NULL, "cannot write '%s': %s", o->path, why);
  else
    cli_error(NULL, "cannot write to standard output: %s", why);
}

void cli_output_abort(cli_output *o) {
  if (o->fp)
    fclose(o->fp);
  o->fp = NULL;
  free(o->sink);
  o->sink = NULL;
  if (o->tmp)
    unlink(o->tmp);
  free(o->tmp);
  o->tmp = NULL;
  free(o->target);
  o->target = NULL;
}

/* path with its directory made absolute and free of links ("./r.out" and
 * "r.out" alike), for a file that need not exist; NULL when the directory
 * does not. */
static char *canonical(const char *path) {
  char *d = strdup(path), *b = strdup(path), *dir = NULL, *out = NULL;
  if (d && b && (dir = realpath(dirname(d), NULL)) &&
      asprintf(&out, "%s/%s", dir, basename(b)) < 0)
    out = NULL;
  free(d);
  free(b);
  free(dir);
  return out;
}

int cli_output_same(const char *out, const char *in) {
  struct stat a, b;
  if (!out || !in || is_stdout(out) || is_special(out))
    return 0;
  if (stat(out, &a) == 0 && stat(in, &b) == 0)
    return S_ISREG(a.st_mode) && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
  char *x = canonical(out), *y = canonical(in);
  int same = x && y ? strcmp(x, y) == 0 : strcmp(out, in) == 0;
  free(x);
  free(y);
  return same;
}

int cli_output_check(const cli_command *cmd, const cli_args *a,
                     const char *option, const char *path) {
  for (size_t i = 0; i < a->n_pos; i++)
    if (cli_output_same(path, a->pos[i])) {
      cli_error(cmd,
                "--%s: '%s' is also an input; expected another file (it "
                "would be overwritten)",
                option, path);
      return CLI_EXIT_USAGE;
    }
  return 0;
}
