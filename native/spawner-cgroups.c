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

// Through the v1 `tasks` file, not cgroup.procs: the child is single-threaded (a copy of this
// single-threaded helper), so moving its one thread moves the process, and "0" there (the
// calling thread) is the one migration the kernel does without write-locking the global
// cgroup_threadgroup_rwsem (Linux 5.13+, cgroup_procs_write_start). Taking that lock waits for
// an RCU grace period whenever no other migration ran just before: measured on this project's
// 2-core VM (Linux 6.18, cgroup v1), a cgroup.procs write took 5 ms (p50) and up to 13 ms in a
// task's launch, which was most of an idle node's submit-to-start time.
int task_cgroups_join_v1(const struct task_cgroups *c) {
  char path[4096];
  for (int i = 0; i < c->nv1; i++) {
    if (snprintf(path, sizeof path, "%s/tasks", c->v1[i]) >= (int)sizeof path) return ENAMETOOLONG;
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    // "0" is the writing thread itself.
    ssize_t n = write(fd, "0", 1);
    int err = n == 1 ? 0 : errno;
    close(fd);
    if (err) return err;
  }
  return 0;
}
