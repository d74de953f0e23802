// The tasks troupe-spawner watches, and how everything a task started is made to end with it.
//
// Two ways, chosen per task by the worker:
//   cgroup   the task was cloned straight into a cgroup v2 directory of its own (CLONE_INTO_CGROUP,
//            so not even its first fork can escape); when it ends, cgroup.kill, until
//            cgroup.events says it is no longer populated. Empty cgroups are kept for the next
//            tasks: creating and removing one per task cost two thirds of the launch rate.
//   marker   the spawner is a child subreaper: whatever a task leaves behind (setsid, double
//            fork, a detached daemon) is re-parented to the spawner, not to init, and carries the
//            task's marker in its environment (TROUPE_TASK_MARKER=<marker>). When the task ends,
//            its group and every child of the spawner carrying its marker are SIGKILLed, again
//            until none is left (killing one re-parents its own children to the spawner).
// Either way the task's exit is reported only once its processes are gone (or after a bound, if
// some cannot be killed, such as one stuck in the kernel).
#pragma once
#include <sys/types.h>

// An empty cgroup under `parent` for a new task (a kept one, or a new one): its directory fd, or
// -1 with errno set.
int cgroup_acquire(const char *parent);

// A cgroup acquired for a task that did not start: back to the kept ones.
void cgroup_release(int fd);

// Removes the kept cgroups (the helper is exiting).
void cgroups_remove_kept(void);

// One task's main process is known; marker may be "" (only its group is killed), cgroup_fd -1.
void tasks_add(pid_t pid, const char *marker, int cgroup_fd);

// The cgroup of task `pid` is the worker's (made with its resource limits): when the task ends it
// is only closed here, never kept for another task nor removed (the worker reads and removes it).
void tasks_cgroup_is_workers(pid_t pid);

// What a task's main process used, from wait4: its own and that of every descendant it (or they)
// waited for. Orphans the helper adopted are not counted (their task is not known once reaped).
struct task_usage {
  long long user_us, system_us;
  long max_rss_kib;
};

// A child was reaped (with its usage): returns 1 if it was a task's main process (its
// containment starts).
int tasks_reaped(pid_t pid, int status, const struct task_usage *usage);

// Moves containments on; calls emit(pid, status, usage) for each task whose processes are all
// gone. Returns the number of containments still under way.
int tasks_progress(void (*emit)(pid_t pid, int status, const struct task_usage *usage));

// The worker is gone: SIGTERM to everything of every task (SIGKILL with kill_now).
void tasks_signal_all(int kill_now);

// Sends sig to every process on the machine whose marker starts with `prefix` (this worker
// run's: what the worker started outside the spawner, such as MPI daemons launched for other
// nodes, carries it too). A scan of all of /proc: only for when the worker is gone. Returns how many.
int signal_node_processes(const char *prefix, int sig);

// How many tasks are watched (running or being contained).
int tasks_count(void);
