// troupe-spawner: launches the task processes of one troupe worker and reports their exits.
//
// Why it exists: the worker is a Node.js process of ~100 MB, and child_process.spawn makes libuv
// fork() all of it: ~1.7 ms of the worker's CPU per task on a small machine, which caps trivial
// tasks at a few hundred per second. This helper is tiny and launches with posix_spawn, which
// glibc implements with clone(CLONE_VM|CLONE_VFORK): no page tables are copied at all.
//
// Protocol: requests on stdin, events on stdout. A frame is a 4-byte little-endian payload
// length, then the payload. Integers are little-endian; strings are NUL-terminated.
//
//   request  spawn    'S' u32 id, u32 argc, u32 envc,
//                         cwd, stdout path, stderr path, marker, cgroup parent, argv[argc], envp[envc]
//                         [u32 uid, u32 gid [, u32 flags]]   (optional, last: the task's user; see below)
//   event    spawned  'P' u32 id, i32 pid
//            failed   'F' u32 id, u8 stage, i32 errno, strerror text      (no process exists)
//            exited   'X' i32 pid, i32 raw wait status,                   (after its 'P', once
//                         u64 user µs, u64 system µs, u64 max RSS KiB      all it started is gone)
//                         (the usage of its main process and what that waited for: wait4)
//
// Each task gets: its own session and process group (the worker kills with kill(-pgid)), stdin
// from /dev/null, stdout/stderr truncated files, the given cwd and environment, an empty signal
// mask and default signal dispositions. argv[0] is looked up the way execvp(3) does, but on the
// task's PATH (from envp), relative to the task's cwd: the helper's own environment and working
// directory are not the task's.
//
// Containment (spawner-tasks.h): the marker is the value of TROUPE_TASK_MARKER in the task's
// environment ("" for none); with a cgroup parent ("" for none) the task is cloned straight into
// an empty cgroup of its own under it (made or kept here). The cgroup field may also name a cgroup
// the worker made for the task, and cgroup v1 directories the task joins before exec: its
// resource limits (spawner-cgroups.h). Either way, when the task's main process exits, whatever it started is killed before its
// exit is reported.
//
// User: with a uid and gid after envp (the worker runs as root), stdout/stderr are chowned to
// them, and the child drops to them before exec: supplementary groups cleared, then setgid, then
// setuid (task-user.h). With flags bit 1, cwd's parent is the task's directory: made the user's,
// mode 0700, with cwd in it (task_user_make_task_dir). Such a task is cloned (clone3 + CLONE_VFORK) rather than posix_spawn'd,
// which has no step to change users. Without them the task runs as the helper's user.
//
// Lifetime: on stdin EOF the worker is gone (it ended, or was killed): no task may outlive it,
// since its node will be declared lost and its tasks run elsewhere. Every task gets SIGTERM, then
// SIGKILL after the grace period given as argv[1] (milliseconds, default 2000), and the helper
// exits once all of them are gone. So do the processes the worker started itself (MPI daemons
// launched for other nodes): found by the marker prefix of this run of the worker, argv[2] (not
// the node's: a worker restarted at once runs new tasks under the same node prefix). A malformed request ends the helper with status 2 (the worker
// then falls back to Node's spawn).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/sched.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "spawner-tasks.h"
#include "task-user.h"
#include "spawner-cgroups.h"

// Which step failed, so the worker can word the error (a missing program is the user's problem,
// an unwritable stdout.txt is the node's).
enum stage { STAGE_PROGRAM = 1, STAGE_CWD = 2, STAGE_STDOUT = 3, STAGE_STDERR = 4, STAGE_EXEC = 5, STAGE_CGROUP = 6, STAGE_USER = 7, STAGE_LIMITS = 8 };

#define MAX_FRAME (64u << 20) // argv + environment; far above what execve accepts anyway
#define READ_CHUNK 65536

static posix_spawnattr_t attr; // the same for every task: built once
static int devnull_fd;
// Set on stdin EOF: nobody reads events any more.
static int worker_gone;

// ---- output: events are appended to one buffer and written once per loop turn ----

static unsigned char *out;
static size_t out_len, out_cap;

static void die(const char *what) {
  fprintf(stderr, "troupe-spawner: %s: %s\n", what, strerror(errno));
  exit(2);
}

static void reserve(unsigned char **buf, size_t *cap, size_t need) {
  if (need <= *cap) return;
  size_t n = *cap ? *cap : 4096;
  while (n < need) n *= 2;
  unsigned char *p = realloc(*buf, n);
  if (!p) die("out of memory");
  *buf = p;
  *cap = n;
}

static void put_u32(uint32_t v) {
  reserve(&out, &out_cap, out_len + 4);
  for (int i = 0; i < 4; i++) out[out_len++] = (unsigned char)(v >> (8 * i));
}

static void put_bytes(const void *p, size_t n) {
  reserve(&out, &out_cap, out_len + n);
  memcpy(out + out_len, p, n);
  out_len += n;
}

static void put_u8(unsigned char c) { put_bytes(&c, 1); }

// A frame's length is only known at its end: write a placeholder, patch it in end_frame.
static size_t begin_frame(void) {
  size_t at = out_len;
  put_u32(0);
  return at;
}

static void end_frame(size_t at) {
  uint32_t len = (uint32_t)(out_len - at - 4);
  for (int i = 0; i < 4; i++) out[at + i] = (unsigned char)(len >> (8 * i));
}

static void emit_spawned(uint32_t id, pid_t pid) {
  size_t f = begin_frame();
  put_u8('P');
  put_u32(id);
  put_u32((uint32_t)pid);
  end_frame(f);
}

static void emit_failed(uint32_t id, enum stage stage, int err) {
  const char *msg = strerror(err);
  size_t f = begin_frame();
  put_u8('F');
  put_u32(id);
  put_u8((unsigned char)stage);
  put_u32((uint32_t)err);
  put_bytes(msg, strlen(msg) + 1);
  end_frame(f);
}

static void put_u64(uint64_t v) {
  put_u32((uint32_t)(v & 0xffffffffu));
  put_u32((uint32_t)(v >> 32));
}

static void emit_exited(pid_t pid, int status, const struct task_usage *usage) {
  size_t f = begin_frame();
  put_u8('X');
  put_u32((uint32_t)pid);
  put_u32((uint32_t)status);
  put_u64((uint64_t)usage->user_us);
  put_u64((uint64_t)usage->system_us);
  put_u64((uint64_t)usage->max_rss_kib);
  end_frame(f);
}

// stdout is blocking (set in main), so this normally returns after one write; partial writes,
// EINTR and a non-blocking pipe are handled all the same. Any other error means the worker is
// gone: exit quietly, leaving the tasks alone, as on stdin EOF.
static void flush_out(void) {
  if (worker_gone) {
    out_len = 0;
    return;
  }
  size_t off = 0;
  while (off < out_len) {
    ssize_t n = write(STDOUT_FILENO, out + off, out_len - off);
    if (n > 0) {
      off += (size_t)n;
    } else if (n < 0 && errno == EAGAIN) {
      struct pollfd p = { .fd = STDOUT_FILENO, .events = POLLOUT };
      poll(&p, 1, -1);
    } else if (!(n < 0 && errno == EINTR)) {
      worker_gone = 1; // the tasks are then ended as on stdin EOF
      break;
    }
  }
  out_len = 0;
}

// ---- launching ----

static int is_runnable(int dirfd, const char *path) {
  struct stat st;
  if (fstatat(dirfd, path, &st, 0) != 0) return errno;
  // execve gives EACCES for a directory or a file without x permission, as execvp reports.
  if (!S_ISREG(st.st_mode) || faccessat(dirfd, path, X_OK, 0) != 0) return EACCES;
  return 0;
}

// execvp's search, on the task's PATH and relative to its cwd (cwd_fd). Returns 0 with the path
// to execute in buf (relative paths stay relative: the child resolves them after fchdir), or the
// errno execvp would give: EACCES if some candidate existed but was not runnable, else ENOENT.
static int resolve_program(const char *file, char *const envp[], int cwd_fd, char *buf, size_t cap) {
  if (!*file) return ENOENT;
  if (strchr(file, '/')) {
    if (strlen(file) >= cap) return ENAMETOOLONG;
    strcpy(buf, file);
    return is_runnable(cwd_fd, file);
  }
  const char *path = "/bin:/usr/bin"; // glibc's execvp default when PATH is unset
  for (char *const *e = envp; *e; e++)
    if (strncmp(*e, "PATH=", 5) == 0) path = *e + 5;
  int seen_eacces = 0;
  for (const char *dir = path;; dir++) {
    const char *end = strchrnul(dir, ':');
    size_t dlen = (size_t)(end - dir);
    // An empty entry means the current directory: the bare name, resolved against cwd_fd.
    int n = dlen ? snprintf(buf, cap, "%.*s/%s", (int)dlen, dir, file) : snprintf(buf, cap, "%s", file);
    if (n > 0 && (size_t)n < cap) {
      int err = is_runnable(cwd_fd, buf);
      if (err == 0) return 0;
      if (err == EACCES) seen_eacces = 1;
    }
    dir = end;
    if (!*end) break;
  }
  return seen_eacces ? EACCES : ENOENT;
}

static int open_output(const char *path) {
  // As fs.open(path, 'w') in the worker does: the umask decides the mode (normally 0644).
  return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
}

// mkdir -p: the task's working directory is created here, where it costs a few system calls,
// instead of by the worker (where each file-system call is a round trip through Node's thread
// pool). Existing directories are fine; the first real error is returned as errno.
static int make_dirs(const char *dir) {
  char path[4096];
  size_t n = strlen(dir);
  if (n == 0 || n >= sizeof path) return ENAMETOOLONG;
  if (mkdir(dir, 0755) == 0 || errno == EEXIST) return 0;
  if (errno != ENOENT) return errno;
  memcpy(path, dir, n + 1);
  for (size_t i = 1; i < n; i++) {
    if (path[i] != '/') continue;
    path[i] = 0;
    if (mkdir(path, 0755) != 0 && errno != EEXIST) return errno;
    path[i] = '/';
  }
  return mkdir(path, 0755) == 0 || errno == EEXIST ? 0 : errno;
}

// posix_spawn cannot place its child in a cgroup: clone3 can, before the child runs anything
// (CLONE_INTO_CGROUP, Linux 5.7). CLONE_VFORK keeps posix_spawn's guarantee that the helper
// resumes only once the child has exec'd or failed; the failure's errno comes back on a pipe.
// The child is a copy of this small helper, so the copy is cheap.
// Also the way to start a task as another user (cgroup_fd -1: no cgroup), since posix_spawn has
// no step for it: the child changes users after its file set-up, right before exec. And the way
// for a task that must join cgroup v1 directories (`cg`: its resource limits) before exec.
static int spawn_into_cgroup(pid_t *pid_out, enum stage *stage, int cgroup_fd, const char *program, char **argv,
                             char **envp, int cwd_fd, int out_fd, int err_fd, const struct task_user *user,
                             const struct task_cgroups *cg) {
  int pipefd[2];
  *stage = cgroup_fd >= 0 ? STAGE_CGROUP : STAGE_EXEC;
  if (pipe2(pipefd, O_CLOEXEC) != 0) return errno;
  struct clone_args ca;
  memset(&ca, 0, sizeof ca);
  ca.flags = CLONE_VFORK | (cgroup_fd >= 0 ? CLONE_INTO_CGROUP : 0);
  ca.exit_signal = SIGCHLD;
  ca.cgroup = cgroup_fd >= 0 ? (uint64_t)cgroup_fd : 0;
  pid_t pid = (pid_t)syscall(SYS_clone3, &ca, sizeof ca);
  if (pid < 0) {
    int err = errno;
    close(pipefd[0]);
    close(pipefd[1]);
    return err;
  }
  if (pid == 0) {
    // The child: its limits first (before it can run anything), then what posix_spawnattr and
    // the file actions do for the other path. A failed join comes back negated: STAGE_LIMITS.
    int join_err = task_cgroups_join_v1(cg);
    if (join_err) {
      join_err = -join_err;
      if (write(pipefd[1], &join_err, sizeof join_err) < 0) {}
      _exit(127);
    }
    setsid();
    for (int sig = 1; sig < NSIG; sig++) signal(sig, SIG_DFL);
    sigset_t empty;
    sigemptyset(&empty);
    sigprocmask(SIG_SETMASK, &empty, NULL);
    if (dup2(devnull_fd, STDIN_FILENO) < 0 || dup2(out_fd, STDOUT_FILENO) < 0 || dup2(err_fd, STDERR_FILENO) < 0 || fchdir(cwd_fd) != 0) {
      int err = errno;
      if (write(pipefd[1], &err, sizeof err) < 0) {}
      _exit(127);
    }
    if (task_user_become(user) != 0) {
      // Told apart from an exec failure: the node's set-up, not the task's program.
      int err = errno | TASK_USER_FAILED;
      if (write(pipefd[1], &err, sizeof err) < 0) {}
      _exit(127);
    }
    execve(program, argv, envp);
    if (errno == ENOEXEC) {
      size_t argc = 0;
      while (argv[argc]) argc++;
      char **sh_argv = malloc((argc + 2) * sizeof *sh_argv);
      if (sh_argv) {
        sh_argv[0] = "/bin/sh";
        sh_argv[1] = (char *)program;
        memcpy(sh_argv + 2, argv + 1, argc * sizeof *sh_argv);
        execve("/bin/sh", sh_argv, envp);
      }
    }
    int err = errno;
    if (write(pipefd[1], &err, sizeof err) < 0) {}
    _exit(127);
  }
  close(pipefd[1]);
  *stage = STAGE_EXEC;
  int err = 0;
  ssize_t n;
  do n = read(pipefd[0], &err, sizeof err); while (n < 0 && errno == EINTR);
  close(pipefd[0]);
  if (n == (ssize_t)sizeof err) {
    waitpid(pid, NULL, 0); // it has exited already: not a task, never reported
    if (err < 0) {
      *stage = STAGE_LIMITS;
      err = -err;
    } else if (err & TASK_USER_FAILED) {
      *stage = STAGE_USER;
      err &= ~TASK_USER_FAILED;
    }
    return err;
  }
  *pid_out = pid;
  return 0;
}

// Everything is opened here, in the helper, rather than by file actions in the child: the child
// would do the same system calls while the helper waits for it (CLONE_VFORK) anyway, and here
// each failure is told apart (missing program, bad cwd, unwritable stdout.txt) instead of all
// coming back as one errno from posix_spawn.
static void spawn_task(uint32_t id, const char *cwd, const char *out_path, const char *err_path,
                       const char *marker, const char *cgroup, char **argv, char **envp, const struct task_user *user) {
  char program[4096];
  int cwd_fd = -1, out_fd = -1, err_fd = -1, cgroup_fd = -1, err;
  enum stage stage;
  pid_t pid;
  posix_spawn_file_actions_t fa;

  err = user->set && user->owns_task_dir ? task_user_make_task_dir(user, cwd, make_dirs) : make_dirs(cwd);
  if (err) { stage = STAGE_CWD; goto fail; }
  if ((cwd_fd = open(cwd, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) { err = errno; stage = STAGE_CWD; goto fail; }
  if ((err = resolve_program(argv[0], envp, cwd_fd, program, sizeof program))) { stage = STAGE_PROGRAM; goto fail; }
  if ((out_fd = open_output(out_path)) < 0) { err = errno; stage = STAGE_STDOUT; goto fail; }
  if ((err_fd = open_output(err_path)) < 0) { err = errno; stage = STAGE_STDERR; goto fail; }
  if ((err = task_user_give_outputs(user, out_fd, err_fd))) { stage = STAGE_USER; goto fail; }
  struct task_cgroups cg;
  if ((err = task_cgroups_parse((char *)cgroup, &cg))) { stage = STAGE_CGROUP; goto fail; }
  if (*cg.v2) {
    // A kept cgroup someone removed meanwhile fails the clone: then once more with a new one.
    // The worker's own cgroup (=dir) is neither kept nor retried here.
    for (int tries = 0; tries < 2; tries++) {
      cgroup_fd = cg.v2_exact ? open(cg.v2, O_PATH | O_DIRECTORY | O_CLOEXEC) : cgroup_acquire(cg.v2);
      if (cgroup_fd < 0) { err = errno; stage = STAGE_CGROUP; goto fail; }
      err = spawn_into_cgroup(&pid, &stage, cgroup_fd, program, argv, envp, cwd_fd, out_fd, err_fd, user, &cg);
      if (err == 0) {
        tasks_add(pid, marker, cgroup_fd);
        if (cg.v2_exact) tasks_cgroup_is_workers(pid);
        emit_spawned(id, pid);
      } else if (stage != STAGE_CGROUP && !cg.v2_exact) {
        cgroup_release(cgroup_fd);
      } else {
        close(cgroup_fd);
      }
      cgroup_fd = -1; // the task's, kept, or dropped
      if (err == 0 || stage != STAGE_CGROUP || cg.v2_exact) break;
    }
    goto fail;
  }
  if (user->set || cg.nv1) {
    err = spawn_into_cgroup(&pid, &stage, -1, program, argv, envp, cwd_fd, out_fd, err_fd, user, &cg);
    if (err == 0) {
      tasks_add(pid, marker, -1);
      emit_spawned(id, pid);
    }
    goto fail;
  }

  // dup2 clears O_CLOEXEC on the target, so only 0, 1 and 2 reach the task; everything the helper
  // holds is close-on-exec.
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, devnull_fd, STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&fa, out_fd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&fa, err_fd, STDERR_FILENO);
  posix_spawn_file_actions_addfchdir_np(&fa, cwd_fd);
  err = posix_spawn(&pid, program, &fa, &attr, argv, envp);
  if (err == ENOEXEC) {
    // No #! line: execvp (and so Node's spawn) runs such a file with /bin/sh; so do we.
    size_t argc = 0;
    while (argv[argc]) argc++;
    char **sh_argv = malloc((argc + 2) * sizeof *sh_argv);
    if (!sh_argv) die("out of memory");
    sh_argv[0] = "/bin/sh";
    sh_argv[1] = program;
    memcpy(sh_argv + 2, argv + 1, argc * sizeof *sh_argv); // argv[1..argc], with the NULL
    err = posix_spawn(&pid, "/bin/sh", &fa, &attr, sh_argv, envp);
    free(sh_argv);
  }
  posix_spawn_file_actions_destroy(&fa);
  // glibc's posix_spawn returns the child's exec error itself (it waits for the vfork child), so
  // a non-zero result means no process exists and no exit will follow.
  stage = STAGE_EXEC;
  if (err == 0) {
    tasks_add(pid, marker, -1);
    emit_spawned(id, pid);
  }

fail:
  if (err) emit_failed(id, stage, err);
  if (cwd_fd >= 0) close(cwd_fd);
  if (out_fd >= 0) close(out_fd);
  if (err_fd >= 0) close(err_fd);
  if (cgroup_fd >= 0) close(cgroup_fd);
}

// ---- requests ----

static uint32_t get_u32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void protocol_error(const char *what) {
  fprintf(stderr, "troupe-spawner: protocol error: %s\n", what);
  exit(2);
}

// cwd, stdout path, stderr path, marker, cgroup dir: then argv and envp.
#define FIXED_STRINGS 5

// The strings are used in place, in the input buffer: the spawn is done before it moves.
static void handle_request(unsigned char *p, size_t len) {
  if (len < 13 || p[0] != 'S') protocol_error("unknown or short request");
  uint32_t id = get_u32(p + 1), argc = get_u32(p + 5), envc = get_u32(p + 9);
  // Every string takes at least one byte: this bounds the allocation by the frame size.
  if (argc == 0 || (uint64_t)argc + envc + FIXED_STRINGS > len) protocol_error("bad argc/envc");
  size_t count = (size_t)argc + envc + FIXED_STRINGS;
  char **strs = malloc((count + 2) * sizeof *strs); // + a NULL after argv and after envp
  if (!strs) die("out of memory");
  char *s = (char *)p + 13, *end = (char *)p + len;
  for (size_t i = 0; i < count; i++) {
    char *nul = memchr(s, 0, (size_t)(end - s));
    if (!nul) protocol_error("unterminated string");
    strs[i < FIXED_STRINGS + argc ? i : i + 1] = s; // envp goes after argv's NULL
    s = nul + 1;
  }
  strs[FIXED_STRINGS + argc] = NULL;
  strs[count + 1] = NULL;
  char **argv = strs + FIXED_STRINGS, **envp = strs + FIXED_STRINGS + argc + 1;
  struct task_user user = task_user_parse((const unsigned char *)s, (size_t)(end - s));
  spawn_task(id, strs[0], strs[1], strs[2], strs[3], strs[4], argv, envp, &user);
  free(strs);
}

static unsigned char *in;
static size_t in_len, in_cap;

// Reads what is there and handles every complete frame. Returns 0 on EOF.
static int read_requests(void) {
  reserve(&in, &in_cap, in_len + READ_CHUNK);
  ssize_t n = read(STDIN_FILENO, in + in_len, in_cap - in_len);
  if (n < 0) return errno == EINTR || errno == EAGAIN ? 1 : 0;
  if (n == 0) return 0;
  in_len += (size_t)n;
  size_t pos = 0;
  while (in_len - pos >= 4) {
    uint32_t len = get_u32(in + pos);
    if (len > MAX_FRAME) protocol_error("frame too large");
    if (in_len - pos - 4 < len) {
      reserve(&in, &in_cap, (size_t)len + 4); // room for the whole frame once it is moved down
      break;
    }
    handle_request(in + pos + 4, len);
    pos += 4 + (size_t)len;
  }
  memmove(in, in + pos, in_len - pos);
  in_len -= pos;
  return 1;
}

// ---- exits ----

// Task main processes start their containment; orphans the helper adopted are only reaped.
static void reap(void) {
  int status;
  pid_t pid;
  struct rusage ru;
  while ((pid = wait4(-1, &status, WNOHANG, &ru)) > 0) {
    struct task_usage usage = {
      .user_us = ru.ru_utime.tv_sec * 1000000LL + ru.ru_utime.tv_usec,
      .system_us = ru.ru_stime.tv_sec * 1000000LL + ru.ru_stime.tv_usec,
      .max_rss_kib = ru.ru_maxrss,
    };
    tasks_reaped(pid, status, &usage);
  }
}

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv) {
  long long grace_ms = argc > 1 ? atoll(argv[1]) : 2000;
  const char *node_prefix = argc > 2 ? argv[2] : "";
  signal(SIGPIPE, SIG_IGN); // a gone worker shows up as EPIPE in flush_out
  // What the tasks leave behind is re-parented here, not to init: see spawner-tasks.h.
  if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) die("prctl(PR_SET_CHILD_SUBREAPER)");

  // SIGCHLD is read from a signalfd, in the same poll() as stdin.
  sigset_t chld, empty, all;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  if (sigprocmask(SIG_BLOCK, &chld, NULL) != 0) die("sigprocmask");
  int sfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
  if (sfd < 0) die("signalfd");

  if ((devnull_fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0) die("/dev/null");
  int fl = fcntl(STDOUT_FILENO, F_GETFL);
  if (fl >= 0) fcntl(STDOUT_FILENO, F_SETFL, fl & ~O_NONBLOCK);

  // Tasks start with no blocked signal and every disposition at its default, as after Node's
  // spawn. Ignored dispositions (our SIGPIPE, anything ignored by whoever started us) would
  // survive exec. Every bit is set by hand rather than with sigfillset, which leaves out glibc's
  // internal signals (32, 33): its posix_spawn would otherwise hand them to the task ignored.
  // (glibc's child visits every signal anyway; being in this set makes that one call, not two.)
  sigemptyset(&empty);
  memset(&all, 0xff, sizeof all);
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setsigmask(&attr, &empty);
  posix_spawnattr_setsigdefault(&attr, &all);

  struct pollfd fds[2] = { { .fd = STDIN_FILENO, .events = POLLIN }, { .fd = sfd, .events = POLLIN } };
  long long kill_at = -1; // once the worker is gone: when the tasks get SIGKILL
  for (;;) {
    // Containments under way are looked at again every 10 ms; a pending SIGKILL at its time.
    int timeout = -1;
    if (tasks_progress(emit_exited) > 0) timeout = 10;
    flush_out();
    if (worker_gone) {
      if (kill_at < 0) {
        int others = signal_node_processes(node_prefix, SIGTERM);
        if (tasks_count() == 0 && others == 0) break;
        tasks_signal_all(0);
        kill_at = now_ms() + grace_ms;
        fds[0].fd = -1; // poll() ignores it from now on
      }
      long long left = kill_at - now_ms();
      if (left <= 0) {
        tasks_signal_all(1); // again every turn until all are gone: new orphans appear as parents die
        int others = signal_node_processes(node_prefix, SIGKILL);
        if (tasks_count() == 0 && (others == 0 || left < -10000)) break;
        timeout = 20;
      } else if (timeout < 0 || left < timeout) {
        timeout = (int)left;
      }
    }
    if (poll(fds, 2, timeout) < 0) {
      if (errno == EINTR) continue;
      die("poll");
    }
    if (fds[1].revents) {
      struct signalfd_siginfo si;
      while (read(sfd, &si, sizeof si) == sizeof si) {} // signals coalesce: reap() takes them all
      reap();
    }
    if (fds[0].fd >= 0 && fds[0].revents && !read_requests()) {
      reap();
      worker_gone = 1;
    }
  }
  cgroups_remove_kept();
  return 0;
}
