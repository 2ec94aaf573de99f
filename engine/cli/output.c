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

/* fd moved above standard input, output and error: with one of them
 * closed, a file opened now would get its number, and messages meant for
 * it would land in the report. */
static int above_std(int fd) {
  if (fd < 0 || fd > 2)
    return fd;
  int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3), saved = errno;
  close(fd);
  errno = saved;
  return moved;
}

/* Creates "<dir>/.<base>.XXXXXX" next to path (".crq.XXXXXX" when the
 * name would be too long). It gets the permissions (and, where allowed,
 * the owner) of the file it will replace, `old`, or else those a plain
 * fopen would give (0666 less the umask). */
static int make_temp(const char *path, const struct stat *old, char **tmp_out) {
  char *d = strdup(path), *b = strdup(path), *tmp = NULL;
  int fd = -1;
  const char *base = b ? basename(b) : "";
  if (strlen(base) + 8 > NAME_MAX) /* ".name.XXXXXX" would be too long */
    base = "crq";
  if (d && b && asprintf(&tmp, "%s/.%s.XXXXXX", dirname(d), base) >= 0) {
    int made = mkstemp(tmp);
    fd = above_std(made);
    if (made >= 0 && fd < 0)
      unlink(tmp);
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

static int ends_with(const char *s, const char *end) {
  size_t n = strlen(s), k = strlen(end);
  return n >= k && strcmp(s + n - k, end) == 0;
}

/* path's directory made absolute and free of links, and its last name
 * (both allocated): 0, or -1 (both NULL) when the directory does not
 * exist or memory runs out. */
static int split_real(const char *path, char **dir, char **name) {
  char *d = strdup(path), *b = strdup(path);
  *dir = d ? realpath(dirname(d), NULL) : NULL;
  *name = *dir && b ? strdup(basename(b)) : NULL;
  free(d);
  free(b);
  if (*name)
    return 0;
  free(*dir);
  *dir = NULL;
  return -1;
}

/* Where the symbolic link dir/name points (a relative link is relative
 * to its directory), or NULL when it is not a link. */
static char *follow(const char *dir, const char *name) {
  char link[PATH_MAX], *full = NULL, *next = NULL;
  ssize_t n;
  if (asprintf(&full, "%s/%s", dir, name) >= 0 &&
      (n = readlink(full, link, sizeof link - 1)) > 0) {
    link[n] = '\0';
    if (link[0] == '/' ? (next = strdup(link)) == NULL
                       : asprintf(&next, "%s/%s", dir, link) < 0)
      next = NULL;
  }
  free(full);
  return next;
}

/* Whether path names an open descriptor (/dev/stderr, /dev/fd/N,
 * /proc/self/fd/N, through links in any part of it), to be written in
 * place, never replaced by a rename: its number when it is one of this
 * process's (written through a duplicate, as a shell's redirection is),
 * DESCRIPTOR_OTHER for another process's, or -1. */
enum { DESCRIPTOR_OTHER = -2 };
static int descriptor_of(const char *path, int depth) {
  if (!*path || path[strlen(path) - 1] == '/') /* a directory's name */
    return -1;
  char *dir, *name, *next = NULL;
  char own[64]; /* this process's /proc directory (its threads' too) */
  int fd = -1;
  snprintf(own, sizeof own, "/proc/%ld/", (long)getpid());
  if (split_real(path, &dir, &name) == 0) {
    if (strncmp(dir, own, strlen(own)) == 0 && ends_with(dir, "/fd") && *name &&
        strspn(name, "0123456789") == strlen(name))
      fd = atoi(name);
    else if (strncmp(dir, "/proc/", 6) == 0 && ends_with(dir, "/fd"))
      fd = DESCRIPTOR_OTHER;
    else if (strcmp(dir, "/dev") == 0)
      fd = strcmp(name, "stdout") == 0   ? 1
           : strcmp(name, "stderr") == 0 ? 2
                                         : -1;
    if (fd == -1 && depth < 40 && (next = follow(dir, name)))
      fd = descriptor_of(next, depth + 1);
  }
  free(dir);
  free(name);
  free(next);
  return fd;
}

int cli_output_is_stdout(const char *path) {
  return !path || strcmp(path, "-") == 0 || descriptor_of(path, 0) == 1;
}

/* The descriptor of the target: a temporary file next to a regular file
 * (which must be writable: a read-only file is not replaced), else the
 * device, FIFO or open descriptor itself (no rename). */
static int open_target(cli_output *o) {
  struct stat st;
  int exists = stat(o->target, &st) == 0;
  int fd = descriptor_of(o->path, 0);
  if (fd >= 0)
    return fcntl(fd, F_DUPFD_CLOEXEC, 3);
  if (fd == DESCRIPTOR_OTHER || (exists && !S_ISREG(st.st_mode)))
    return above_std(
        open(o->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666));
  if (exists && access(o->target, W_OK) != 0)
    return -1;
  return make_temp(o->target, exists ? &st : NULL, &o->tmp);
}

/* Whether following the link (lstat's st) in directory dir is refused as
 * the kernel refuses it to open() (fs.protected_symlinks): a link in a
 * sticky world-writable directory such as /tmp, owned neither by us nor by
 * the directory's owner, may be another user's trap. */
static int protected_link(const struct stat *st, const char *dir) {
  struct stat ds;
  return stat(dir, &ds) == 0 && (ds.st_mode & S_ISVTX) &&
         (ds.st_mode & S_IWOTH) && st->st_uid != geteuid() &&
         st->st_uid != ds.st_uid;
}

/* The file to write for path: the file a chain of symbolic links ends at
 * (the links stay, and their target gets the output, created if it does
 * not exist, as a shell's redirection would), else path itself. NULL with
 * errno set when the chain loops (ELOOP), a link is protected (EACCES,
 * protected_link) or memory runs out. */
static char *resolve(const char *path) {
  char *cur = strdup(path);
  for (int depth = 0; cur; depth++) {
    struct stat st;
    if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
      return cur;
    char *dir = NULL, *name = NULL, *next = NULL;
    if (depth == 40)
      errno = ELOOP; /* as open() says of a loop */
    else if (split_real(cur, &dir, &name) == 0 && protected_link(&st, dir))
      errno = EACCES;
    else if (dir)
      next = follow(dir, name);
    free(dir);
    free(name);
    free(cur);
    cur = next;
  }
  return NULL;
}

/* Whether path names a directory: an existing one, or a name ending in
 * '/'. */
static int names_directory(const char *path) {
  struct stat st;
  size_t len = strlen(path);
  return (len > 0 && path[len - 1] == '/') ||
         (stat(path, &st) == 0 && S_ISDIR(st.st_mode));
}

int cli_output_open(cli_output *o, const char *path) {
  memset(o, 0, sizeof *o);
  if (cli_output_is_stdout(path)) {
    o->fp = sink_open(o, STDOUT_FILENO, 0);
    if (o->fp)
      return CLI_EXIT_OK;
    cli_error(NULL, "cannot write to standard output: %s", strerror(errno));
    return CLI_EXIT_FAILURE;
  }
  o->path = path;
  if (names_directory(path) ||
      ((o->target = resolve(path)) && names_directory(o->target))) {
    cli_error(NULL,
              "cannot write '%s': it is a directory; expected a file "
              "path",
              path);
    cli_output_abort(o);
    return CLI_EXIT_FAILURE;
  }
  int fd = o->target ? open_target(o) : -1;
  o->fp = fd >= 0 ? sink_open(o, fd, 1) : NULL;
  if (!o->fp) {
    int saved = errno;
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
  char *dir, *name, *out = NULL;
  if (split_real(path, &dir, &name) == 0 &&
      asprintf(&out, "%s/%s", dir, name) < 0)
    out = NULL;
  free(dir);
  free(name);
  return out;
}

int cli_output_same(const char *out, const char *in) {
  struct stat a, b;
  if (!out || !in || cli_output_is_stdout(out))
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
  if (path && path[0] == '\0') { /* else found only after simulating */
    cli_error(cmd, "--%s: expected a file name, found an empty one", option);
    return CLI_EXIT_USAGE;
  }
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
