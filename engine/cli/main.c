/* engine/cli/main.c — entry point of the crq command-line tool. */
#include <stdio.h>
#include <string.h>

#include "crq/crq.h"

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--version") == 0) {
    printf("crq %s\n", crq_version());
    return 0;
  }
  fprintf(stderr, "usage: crq --version\n");
  return 2;
}
