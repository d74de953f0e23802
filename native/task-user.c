// See task-user.h.
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "task-user.h"

static uint32_t read_u32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

struct task_user task_user_parse(const unsigned char *p, size_t len) {
  struct task_user u = { 0, 0, 0, 0 };
  if (len < 8) return u;
  u.set = 1;
  u.uid = (uid_t)read_u32(p);
  u.gid = (gid_t)read_u32(p + 4);
  if (len >= 12) u.owns_task_dir = (read_u32(p + 8) & TASK_USER_OWNS_TASK_DIR) != 0;
  return u;
}

int task_user_make_task_dir(const struct task_user *user, const char *cwd, int (*make_dirs)(const char *)) {
  char dir[4096];
  size_t n = strlen(cwd);
  if (n == 0 || n >= sizeof dir) return ENAMETOOLONG;
  memcpy(dir, cwd, n + 1);
  char *slash = strrchr(dir, '/');
  if (!slash || slash == dir) return EINVAL; // cwd must be <task dir>/<name>
  *slash = 0;
  if (mkdir(dir, 0700) != 0) {
    if (errno == EEXIST) {
      if (chmod(dir, 0700) != 0) return errno; // a retry on this node: made before
    } else if (errno == ENOENT) {
      // The job's directory, the first time: 0755 (the job's other users need to pass through).
      char *parent_end = strrchr(dir, '/');
      if (!parent_end || parent_end == dir) return ENOENT;
      *parent_end = 0;
      int err = make_dirs(dir);
      *parent_end = '/';
      if (err) return err;
      if (mkdir(dir, 0700) != 0 && errno != EEXIST) return errno;
    } else {
      return errno;
    }
  }
  if (mkdir(cwd, 0755) != 0 && errno != EEXIST) return errno;
  if (lchown(cwd, user->uid, user->gid) != 0) return errno;
  if (lchown(dir, user->uid, user->gid) != 0) return errno;
  return 0;
}

int task_user_give_outputs(const struct task_user *user, int out_fd, int err_fd) {
  if (!user->set) return 0;
  if (fchown(out_fd, user->uid, user->gid) != 0) return errno;
  if (fchown(err_fd, user->uid, user->gid) != 0) return errno;
  return 0;
}

int task_user_become(const struct task_user *user) {
  if (!user->set) return 0;
  if (setgroups(0, NULL) != 0) return -1;
  if (setgid(user->gid) != 0) return -1;
  if (setuid(user->uid) != 0) return -1;
  return 0;
}
