/* engine/cli/output.c — atomic output files (see output.h). */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* Creates "<dir>/.<base>.XXXXXX" next to path, with the permissions a
 * plain fopen would give (0666 less the umask). */
static int make_temp(const char *path, char **tmp_out) {
  char *d = strdup(path), *b = strdup(path), *tmp = NULL;
  int fd = -1;
  if (d && b && asprintf(&tmp, "%s/.%s.XXXXXX", dirname(d), basename(b)) >= 0) {
    fd = mkstemp(tmp);
    if (fd >= 0) {
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

int cli_output_open(cli_output *o, const char *path) {
  memset(o, 0, sizeof *o);
  if (!path || strcmp(path, "-") == 0) {
    o->fp = stdout;
    return CLI_EXIT_OK;
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
  if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
    o->fp = fopen(path, "w"); /* a device or FIFO: no rename possible */
  } else {
    int fd = make_temp(path, &o->tmp);
    o->fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (fd >= 0 && !o->fp) {
      int saved = errno;
      close(fd);
      unlink(o->tmp);
      errno = saved;
    }
  }
  if (!o->fp) {
    cli_error(NULL, "cannot write '%s': %s", path, strerror(errno));
    free(o->tmp);
    o->tmp = NULL;
    return CLI_EXIT_FAILURE;
  }
  return CLI_EXIT_OK;
}

/* Flushes and closes the stream, and syncs a temporary file; returns 0 or
 * the errno of the first failure. */
static int close_checked(cli_output *o) {
  int err = 0;
  if (fflush(o->fp) != 0 || ferror(o->fp))
    err = errno ? errno : EIO;
  if (!err && o->tmp && fsync(fileno(o->fp)) != 0)
    err = errno;
  if (fclose(o->fp) != 0 && !err)
    err = errno ? errno : EIO;
  o->fp = NULL;
  return err;
}

int cli_output_commit(cli_output *o) {
  if (!o->path) {
    o->fp = NULL;
    return cli_finish_stdout();
  }
  errno = 0;
  int err = close_checked(o);
  if (!err && o->tmp && rename(o->tmp, o->path) != 0)
    err = errno;
  if (err) {
    cli_output_error(o, err);
    cli_output_abort(o);
    return CLI_EXIT_FAILURE;
  }
  free(o->tmp);
  o->tmp = NULL;
  return CLI_EXIT_OK;
}

void cli_output_error(const cli_output *o, int err) {
  const char *why = strerror(err ? err : EIO);
  if (o->path)
    cli_error(NULL, "cannot write '%s': %s", o->path, why);
  else
    cli_error(NULL, "cannot write to standard output: %s", why);
}

void cli_output_abort(cli_output *o) {
  if (o->fp && o->fp != stdout)
    fclose(o->fp);
  o->fp = NULL;
  if (o->tmp)
    unlink(o->tmp);
  free(o->tmp);
  o->tmp = NULL;
}
