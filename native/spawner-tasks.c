// See spawner-tasks.h.
#define _GNU_SOURCE
#include "spawner-tasks.h"
#include <dirent.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MARKER_VAR "TROUPE_TASK_MARKER="
// A task whose processes cannot all be killed (stuck in the kernel) is reported after this.
#define CONTAIN_BOUND_MS 10000

enum task_state {
  RUNNING,    // its main process runs
  CONTAINING, // its main process was reaped; what it left is being killed
};

struct task {
  pid_t pid; // 0: free slot
  enum task_state state;
  int status; // the main process's wait status, once reaped
  struct task_usage usage; // and what it used
  char *marker;
  int cgroup_fd;
  // cgroup.kill was written: Linux 6.18 then SIGKILLs every child later cloned into that cgroup
  // (its kill sequence number no longer matches), so such a cgroup is removed, never kept.
  int cgroup_killed;
  // The worker's cgroup (tasks_cgroup_is_workers): closed when the task ends, nothing more.
  int cgroup_workers;
  long long give_up_at;
};

// An open-addressing table by pid (linear probing, backward-shift deletion): task exits look up
// every child of the spawner, so this must not be a scan of all tasks.
static struct task *slots;
static size_t nslots, ntasks;

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static size_t home(pid_t pid) { return ((size_t)pid * 2654435761u) & (nslots - 1); }

static struct task *find(pid_t pid) {
  if (!nslots) return NULL;
  for (size_t i = home(pid);; i = (i + 1) & (nslots - 1)) {
    if (slots[i].pid == pid) return &slots[i];
    if (slots[i].pid == 0) return NULL;
  }
}

static void insert(struct task t) {
  size_t i = home(t.pid);
  while (slots[i].pid != 0) i = (i + 1) & (nslots - 1);
  slots[i] = t;
  ntasks++;
}

static void grow(void) {
  struct task *old = slots;
  size_t n = nslots;
  nslots = n ? n * 2 : 64;
  slots = calloc(nslots, sizeof *slots);
  if (!slots) {
    fprintf(stderr, "troupe-spawner: out of memory\n");
    exit(2);
  }
  ntasks = 0;
  for (size_t i = 0; i < n; i++) if (old[i].pid) insert(old[i]);
  free(old);
}

static void erase(struct task *t) {
  free(t->marker);
  size_t i = (size_t)(t - slots);
  slots[i].pid = 0;
  ntasks--;
  // Backward shift: move later entries of the probe run into the hole when their home allows.
  for (size_t j = (i + 1) & (nslots - 1); slots[j].pid; j = (j + 1) & (nslots - 1)) {
    size_t h = home(slots[j].pid);
    if ((j > i && (h <= i || h > j)) || (j < i && h <= i && h > j)) {
      slots[i] = slots[j];
      slots[j].pid = 0;
      i = j;
    }
  }
}

void tasks_add(pid_t pid, const char *marker, int cgroup_fd) {
  if ((ntasks + 1) * 2 > nslots) grow();
  struct task t = { .pid = pid, .state = RUNNING, .marker = strdup(marker), .cgroup_fd = cgroup_fd };
  insert(t);
}

void tasks_cgroup_is_workers(pid_t pid) {
  struct task *t = find(pid);
  if (t) t->cgroup_workers = 1;
}

static int cgroup_populated(int dirfd);

// ---- kept cgroups ----

static int *kept; // directory fds
static size_t nkept, kept_cap;
// Every cgroup made here (by fd), to find its path when it is kept or removed.
static char **made_paths;
static size_t made_cap;
static unsigned long made_count;

static void remember_path(int fd, const char *path) {
  if ((size_t)fd >= made_cap) {
    size_t n = made_cap ? made_cap : 64;
    while (n <= (size_t)fd) n *= 2;
    made_paths = realloc(made_paths, n * sizeof *made_paths);
    memset(made_paths + made_cap, 0, (n - made_cap) * sizeof *made_paths);
    made_cap = n;
  }
  free(made_paths[fd]);
  made_paths[fd] = strdup(path);
}

int cgroup_acquire(const char *parent) {
  if (nkept) return kept[--nkept];
  char path[4096];
  snprintf(path, sizeof path, "%s/u%d-%lu", parent, (int)getpid(), ++made_count);
  if (mkdir(path, 0755) != 0) return -1;
  int fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    rmdir(path);
    errno = err;
    return -1;
  }
  remember_path(fd, path);
  return fd;
}

void cgroup_release(int fd) {
  if (nkept == kept_cap) kept = realloc(kept, (kept_cap = kept_cap ? kept_cap * 2 : 64) * sizeof *kept);
  kept[nkept++] = fd;
}

static void cgroup_remove(int fd) {
  if ((size_t)fd < made_cap && made_paths[fd]) rmdir(made_paths[fd]);
  close(fd);
}

void cgroups_remove_kept(void) {
  while (nkept) cgroup_remove(kept[--nkept]);
}

int tasks_count(void) { return (int)ntasks; }

// ---- reading /proc ----

// The whole of a small /proc file, NUL-terminated, in a malloc'd buffer (NULL if unreadable).
static char *read_all(const char *path, size_t *len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NULL;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  for (;;) {
    if (n + 1 >= cap) buf = realloc(buf, cap *= 2);
    ssize_t r = read(fd, buf + n, cap - n - 1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    n += (size_t)r;
  }
  close(fd);
  buf[n] = 0;
  if (len) *len = n;
  return buf;
}

// Whether `pid`'s initial environment holds TROUPE_TASK_MARKER=<marker> (any marker if NULL;
// with prefix_only, any marker that starts with `marker`).
static int carries_marker(pid_t pid, const char *marker, int prefix_only) {
  char path[64];
  size_t len;
  snprintf(path, sizeof path, "/proc/%d/environ", (int)pid);
  char *env = read_all(path, &len);
  if (!env) return 0;
  int found = 0;
  for (char *e = env; e < env + len; e += strlen(e) + 1) {
    if (strncmp(e, MARKER_VAR, sizeof MARKER_VAR - 1) != 0) continue;
    const char *value = e + sizeof MARKER_VAR - 1;
    found = !marker || (prefix_only ? strncmp(value, marker, strlen(marker)) == 0 : strcmp(value, marker) == 0);
    break;
  }
  free(env);
  return found;
}

// Sends sig to the spawner's children (orphans re-parented to it: it is their subreaper) that
// carry `marker` (any marker if NULL). The main processes of running tasks are skipped: they are
// signalled by group. Returns how many were signalled.
static int signal_orphans(const char *marker, int sig) {
  char path[64];
  snprintf(path, sizeof path, "/proc/self/task/%d/children", (int)getpid());
  char *list = read_all(path, NULL);
  if (!list) return 0;
  int count = 0;
  for (char *p = list, *end; *p; p = end) {
    long pid = strtol(p, &end, 10);
    if (end == p) break;
    struct task *t = find((pid_t)pid);
    if (t && t->state == RUNNING) continue;
    if (carries_marker((pid_t)pid, marker, 0) && kill((pid_t)pid, sig) == 0) count++;
  }
  free(list);
  return count;
}

int signal_node_processes(const char *prefix, int sig) {
  if (!*prefix) return 0;
  DIR *proc = opendir("/proc");
  if (!proc) return 0;
  int count = 0;
  pid_t self = getpid();
  for (struct dirent *d; (d = readdir(proc));) {
    char *end;
    long pid = strtol(d->d_name, &end, 10);
    if (*end || pid <= 0 || pid == self) continue;
    if (carries_marker((pid_t)pid, prefix, 1) && kill((pid_t)pid, sig) == 0) count++;
  }
  closedir(proc);
  return count;
}

// ---- cgroups ----

static void cgroup_write(int dirfd, const char *file, const char *text) {
  int fd = openat(dirfd, file, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return;
  if (write(fd, text, strlen(text)) < 0) {} // ENODEV etc.: the sweep below tries again
  close(fd);
}

static int cgroup_populated(int dirfd) {
  int fd = openat(dirfd, "cgroup.events", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char buf[256];
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return 0;
  buf[n] = 0;
  return strstr(buf, "populated 1") != NULL;
}

// SIGTERM (or any signal but SIGKILL, which cgroup.kill does at once) to every member.
static void cgroup_signal(int dirfd, int sig) {
  int fd = openat(dirfd, "cgroup.procs", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  char *list = read_all(path, NULL);
  close(fd);
  if (!list) return;
  for (char *p = list, *end; *p; p = end) {
    long pid = strtol(p, &end, 10);
    if (end == p) break;
    kill((pid_t)pid, sig);
  }
  free(list);
}

// ---- containment ----

static void cgroup_kill(struct task *t) {
  cgroup_write(t->cgroup_fd, "cgroup.kill", "1");
  t->cgroup_killed = 1;
}

static void kill_everything(struct task *t, int sig) {
  kill(-t->pid, sig);
  if (t->cgroup_fd >= 0) {
    // Most tasks leave nothing: their cgroup is then kept as it is, for the next one.
    if (sig == SIGKILL) { if (cgroup_populated(t->cgroup_fd)) cgroup_kill(t); }
    else cgroup_signal(t->cgroup_fd, sig);
  } else if (t->marker[0]) {
    signal_orphans(t->marker, sig);
  }
}

int tasks_reaped(pid_t pid, int status, const struct task_usage *usage) {
  struct task *t = find(pid);
  if (!t || t->state != RUNNING) return 0; // an orphan the spawner adopted
  t->state = CONTAINING;
  t->status = status;
  t->usage = *usage;
  t->give_up_at = now_ms() + CONTAIN_BOUND_MS;
  kill_everything(t, SIGKILL);
  return 1;
}

// Whether nothing of the task is left (killing again whatever still is).
static int contained(struct task *t) {
  int left = 0;
  // The group of a reaped leader can only be its own: its pid is not reused while the group
  // has members.
  if (kill(-t->pid, 0) == 0) {
    kill(-t->pid, SIGKILL);
    left = 1;
  }
  if (t->cgroup_fd >= 0) {
    if (cgroup_populated(t->cgroup_fd)) {
      cgroup_kill(t);
      left = 1;
    }
  } else if (t->marker[0] && signal_orphans(t->marker, SIGKILL) > 0) {
    left = 1;
  }
  return !left;
}

int tasks_progress(void (*emit)(pid_t pid, int status, const struct task_usage *usage)) {
  // Decide first, then erase: erasing moves entries of the table around.
  static pid_t *ended;
  static size_t ended_cap;
  size_t nended = 0;
  int under_way = 0;
  long long now = -1;
  for (size_t i = 0; i < nslots; i++) {
    struct task *t = &slots[i];
    if (!t->pid || t->state != CONTAINING) continue;
    if (!contained(t)) {
      if (now < 0) now = now_ms();
      if (now < t->give_up_at) { under_way++; continue; }
      fprintf(stderr, "troupe-spawner: processes of task %d still alive %d ms after it ended; reporting its exit anyway\n", (int)t->pid, CONTAIN_BOUND_MS);
    }
    if (nended == ended_cap) ended = realloc(ended, (ended_cap = ended_cap ? ended_cap * 2 : 64) * sizeof *ended);
    ended[nended++] = t->pid;
  }
  for (size_t k = 0; k < nended; k++) {
    struct task *t = find(ended[k]);
    emit(t->pid, t->status, &t->usage);
    // An empty cgroup is kept for the next task; one still populated is left (closed) for the
    // worker's sweep at its next start.
    if (t->cgroup_fd >= 0) {
      if (t->cgroup_workers || cgroup_populated(t->cgroup_fd)) close(t->cgroup_fd);
      else if (!t->cgroup_killed) cgroup_release(t->cgroup_fd);
      else cgroup_remove(t->cgroup_fd);
    }
    erase(t);
  }
  return under_way;
}

void tasks_signal_all(int kill_now) {
  int sig = kill_now ? SIGKILL : SIGTERM;
  for (size_t i = 0; i < nslots; i++) if (slots[i].pid && slots[i].state == RUNNING) kill_everything(&slots[i], sig);
  signal_orphans(NULL, sig);
}
