// See spawner-cgroups.h.
#define _GNU_SOURCE
#include "spawner-cgroups.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int task_cgroups_parse(char *field, struct task_cgroups *out) {
  memset(out, 0, sizeof *out);
  char *rest = strchr(field, ':');
  if (rest) *rest++ = 0;
  out->v2 = field;
  if (*field == '=') {
    out->v2 = field + 1;
    out->v2_exact = 1;
  }
  while (rest && *rest) {
    if (out->nv1 == TASK_CGROUPS_MAX_V1) return EINVAL;
    char *next = strchr(rest, ':');
    if (next) *next++ = 0;
    out->v1[out->nv1++] = rest;
    rest = next;
  }
  return 0;
}

int task_cgroups_join_v1(const struct task_cgroups *c) {
  char path[4096];
  for (int i = 0; i < c->nv1; i++) {
    if (snprintf(path, sizeof path, "%s/cgroup.procs", c->v1[i]) >= (int)sizeof path) return ENAMETOOLONG;
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    // "0" is the writing process itself.
    ssize_t n = write(fd, "0", 1);
    int err = n == 1 ? 0 : errno;
    close(fd);
    if (err) return err;
  }
  return 0;
}
