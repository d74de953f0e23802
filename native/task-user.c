// See task-user.h.
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <stdint.h>
#include <unistd.h>
#include "task-user.h"

static uint32_t read_u32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

struct task_user task_user_parse(const unsigned char *p, size_t len) {
  struct task_user u = { 0, 0, 0 };
  if (len < 8) return u;
  u.set = 1;
  u.uid = (uid_t)read_u32(p);
  u.gid = (gid_t)read_u32(p + 4);
  return u;
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
