// The cgroups of one spawn request, as its cgroup field names them (a ':'-separated list):
//
//   <v2>[:<v1 dir>]...
//
//   <v2>      ""          no cgroup v2
//             <parent>    containment only: the task is cloned into an empty cgroup of its own
//                         under <parent>, made or kept by the spawner (spawner-tasks.h)
//             =<dir>      the worker made <dir> for this task (with its resource limits): the task
//                         is cloned into it as it is; the spawner never keeps nor removes it
//   <v1 dir>  a cgroup v1 directory (one per controller hierarchy: memory, cpu, pids) that the
//             task's process joins after the clone and before exec, so that nothing it forks
//             escapes its limits
//
// Paths never contain ':' (the worker refuses cgroup mounts whose paths do).
#pragma once

#define TASK_CGROUPS_MAX_V1 8

struct task_cgroups {
  const char *v2;
  int v2_exact;
  const char *v1[TASK_CGROUPS_MAX_V1];
  int nv1;
};

// Splits `field` in place. Returns 0, or EINVAL if it names too many v1 directories.
int task_cgroups_parse(char *field, struct task_cgroups *out);

// In the child, before exec: moves the calling process (single-threaded) into each v1 directory. Returns 0 or the
// errno of the first that failed.
int task_cgroups_join_v1(const struct task_cgroups *c);
