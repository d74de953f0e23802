// The user a task of troupe-spawner runs as (the worker runs as root and the task asked for
// another user): the optional trailing fields of a spawn request, and the steps that hand the
// task its files and drop the child to that user before exec.
#pragma once
#include <stddef.h>
#include <sys/types.h>

struct task_user {
  int set; // 0: the task runs as the helper's own user
  uid_t uid;
  gid_t gid;
  // The parent of the task's cwd is its task directory: made the user's, mode 0700, with cwd in
  // it, before anything is opened there (what the worker's prepareTaskDir does, in four round
  // trips through Node's thread pool: ~1 ms of every task's start).
  int owns_task_dir;
};

// Flags after uid and gid.
#define TASK_USER_OWNS_TASK_DIR 1u

// Or'ed into the errno a child reports when changing users failed (errno values are small).
#define TASK_USER_FAILED 0x40000000

// The request's bytes after envp: empty (no user) or u32 uid, u32 gid [, u32 flags] (little-endian).
struct task_user task_user_parse(const unsigned char *p, size_t len);

// With owns_task_dir: makes cwd's parent (the task directory; its own parents 0755 when missing)
// mode 0700 and cwd in it, both the user's. lchown: a task that ran here before as this user may
// have left a symbolic link in place of its cwd, and root must not follow it (a chown through
// it would give the user whatever it points at). Returns 0 or an errno.
int task_user_make_task_dir(const struct task_user *user, const char *cwd, int (*make_dirs)(const char *));

// stdout/stderr (opened by the helper) become the user's: returns 0 or an errno.
int task_user_give_outputs(const struct task_user *user, int out_fd, int err_fd);

// In the child, before exec: no supplementary groups, then the gid, then the uid (in that order:
// once the uid is dropped the rest is no longer allowed). 0, or -1 with errno set.
int task_user_become(const struct task_user *user);
