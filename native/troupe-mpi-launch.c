// troupe-mpi-launch (native): the program mpiexec runs instead of ssh inside a troupe
// multi-instance task (Open MPI's plm_rsh_agent, Hydra's launcher exec), once per remote daemon.
// Called as ssh is, `troupe-mpi-launch [ssh options] [user@]HOST word...`, it behaves as
// src/mpi/launcher.ts does (same argument rules, messages and exit statuses) but does not talk to
// the remote worker itself: it hands the launch to the local worker daemon's launch relay
// (src/worker/launch-relay.ts) over a Unix socket, and relays stdin, stdout, stderr and the exit.
//
// Why: it sits on the critical path of every mpiexec start-up. Node's own start-up costs
// 90-150 ms per launch on a small machine; this costs about a millisecond, and the worker, which
// is running anyway, makes the gRPC call.
//
// Exit status: the remote command's (128 + signal when it was killed), or 255 with a message on
// stderr when the launch could not happen (bad arguments, host not reserved, refused, relay or
// connection lost), as ssh. SIGTERM, SIGINT or SIGHUP: a cancel frame to the relay (which cancels
// the call, and the remote worker kills the command's group), then exit 128 + signal.
// Without TROUPE_MPI_RELAY (not inside a troupe worker's task) it runs the Node launcher,
// bin/troupe-mpi-launch, which calls the remote worker directly.
//
// Relay socket: TROUPE_MPI_RELAY names it: '@name' is Linux's abstract namespace, else a path.
// Frames, both ways: u8 type, u32 big-endian payload length, payload.
//   launcher -> relay  'H' header: host NUL command NUL TROUPE_MPI_CONTEXT's raw value (first frame)
//                      'I' stdin bytes      'C' stdin closed (empty)      'K' cancel (empty)
//   relay -> launcher  'O' stdout bytes     'E' stderr bytes
//                      'X' exit: i32 big-endian exit status (last frame)
//                      'F' failed: message text; the launcher prints it and exits 255 (last frame)
// The launcher closing the connection before 'X' or 'F' cancels the launch as 'K' does.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define NAME "troupe-mpi-launch"
#define LAUNCH_FAILED 255
#define MAX_MESSAGE 65536
#define CHUNK 65536

// ssh options that take a value (-o Opt=x, -p 22, -l user); every other option is a flag.
static const char OPTIONS_WITH_VALUE[] = "BbcDEeFIiJLlmOopQRSWw";

static int sock = -1;
static int signal_pipe[2] = {-1, -1};
static volatile sig_atomic_t caught;

static void fail(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs(NAME ": ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(LAUNCH_FAILED);
}

static void on_signal(int sig) {
  int saved = errno;
  caught = sig;
  // Wakes poll(); the pipe is non-blocking, a full pipe already has a wake-up in it.
  if (write(signal_pipe[1], "s", 1) < 0) {
  }
  errno = saved;
}

// A caught signal: tell the relay to cancel (best effort: if a frame was half written when the
// signal came, the relay sees a malformed stream or the close, and cancels all the same), exit.
static void exit_if_signalled(void) {
  if (!caught) return;
  static const unsigned char cancel[5] = {'K', 0, 0, 0, 0};
  if (sock >= 0 && send(sock, cancel, sizeof cancel, MSG_DONTWAIT | MSG_NOSIGNAL) < 0) {
  }
  _exit(128 + caught);
}

// Writes everything; -1 with errno on failure. A signal interrupting it ends the launcher.
static int write_all(int fd, const void *buf, size_t len) {
  const char *p = buf;
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0) {
      if (errno == EINTR) {
        exit_if_signalled();
        continue;
      }
      if (errno == EAGAIN) { // someone made the fd non-blocking: wait until it takes more
        struct pollfd w = {.fd = fd, .events = POLLOUT};
        if (poll(&w, 1, -1) < 0 && errno == EINTR) exit_if_signalled();
        continue;
      }
      return -1;
    }
    p += n;
    len -= (size_t)n;
  }
  return 0;
}

static void put_be32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)(v >> 24);
  p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8);
  p[3] = (unsigned char)v;
}

static uint32_t get_be32(const unsigned char *p) {
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static void send_frame(unsigned char type, const void *payload, size_t len) {
  unsigned char head[5];
  head[0] = type;
  put_be32(head + 1, (uint32_t)len);
  if (write_all(sock, head, sizeof head) < 0 || (len > 0 && write_all(sock, payload, len) < 0)) {
    fail("connection to the local troupe worker's launch relay was lost: %s", strerror(errno));
  }
}

// ---- relay -> launcher frames, parsed as they arrive; stdout/stderr payloads are streamed ----

static unsigned char head[5];
static size_t head_have;
static uint32_t remaining;
static char message[MAX_MESSAGE + 1];
static size_t message_len;
static int out_broken[3]; // stdout/stderr gone (EPIPE): later output is dropped, as ssh would

static void relay_output(int fd, const unsigned char *p, size_t n) {
  if (!out_broken[fd] && write_all(fd, p, n) < 0) out_broken[fd] = 1;
}

static void frame_done(void) {
  unsigned char type = head[0];
  head_have = 0;
  if (type == 'X') exit((int)(get_be32((const unsigned char *)message) & 0xff));
  if (type == 'F') {
    message[message_len] = '\0';
    fail("%s", message);
  }
}

static void consume(const unsigned char *p, size_t n) {
  while (n > 0) {
    if (head_have < sizeof head) {
      size_t k = sizeof head - head_have < n ? sizeof head - head_have : n;
      memcpy(head + head_have, p, k);
      head_have += k;
      p += k;
      n -= k;
      if (head_have < sizeof head) return;
      remaining = get_be32(head + 1);
      message_len = 0;
      unsigned char type = head[0];
      if (type != 'O' && type != 'E' && type != 'X' && type != 'F') {
        fail("unreadable reply from the local troupe worker's launch relay (frame type %d)", type);
      }
      if ((type == 'X' && remaining != 4) || (type == 'F' && remaining > MAX_MESSAGE)) {
        fail("unreadable reply from the local troupe worker's launch relay (frame '%c' of %u bytes)", type, remaining);
      }
      if (remaining == 0) frame_done();
      continue;
    }
    size_t k = remaining < n ? remaining : n;
    if (head[0] == 'O') relay_output(STDOUT_FILENO, p, k);
    else if (head[0] == 'E') relay_output(STDERR_FILENO, p, k);
    else {
      memcpy(message + message_len, p, k);
      message_len += k;
    }
    p += k;
    n -= k;
    remaining -= (uint32_t)k;
    if (remaining == 0) frame_done();
  }
}

// ---- start-up ----

// No relay in the environment: the Node launcher, ../bin/troupe-mpi-launch from this binary.
static void run_node_launcher(char **argv) {
  char self[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) fail("TROUPE_MPI_RELAY is not set and the Node launcher cannot be found (/proc/self/exe: %s)", strerror(errno));
  self[n] = '\0';
  char *slash = strrchr(self, '/');
  if (slash) *slash = '\0';
  char node_launcher[PATH_MAX + 32];
  snprintf(node_launcher, sizeof node_launcher, "%s/../bin/troupe-mpi-launch", self);
  argv[0] = node_launcher;
  execv(node_launcher, argv);
  fail("TROUPE_MPI_RELAY is not set and the Node launcher %s could not be run: %s", node_launcher, strerror(errno));
}

static int try_connect(const struct sockaddr_un *addr, socklen_t addr_len) {
  for (;;) {
    if (connect(sock, (const struct sockaddr *)addr, addr_len) == 0) return 0;
    if (errno != EINTR) return -1;
    exit_if_signalled();
  }
}

static void connect_relay(const char *name) {
  struct sockaddr_un addr;
  memset(&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  size_t len = strlen(name);
  socklen_t addr_len;
  int abstract = name[0] == '@';
  if (abstract) { // a NUL, then the name without '@'
    if (len > sizeof addr.sun_path) fail("TROUPE_MPI_RELAY is too long: %s", name);
    memcpy(addr.sun_path + 1, name + 1, len - 1);
    addr_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
  } else {
    if (len >= sizeof addr.sun_path) fail("TROUPE_MPI_RELAY is too long: %s", name);
    memcpy(addr.sun_path, name, len);
    addr_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + 1);
  }
  sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (sock < 0) fail("socket: %s", strerror(errno));
  // An abstract name's length is part of it. Node 20's libuv binds the whole sun_path (the name
  // padded with NULs); newer libuv binds the name's own length: the padded form is tried first.
  if (abstract && try_connect(&addr, sizeof addr) == 0) return;
  if (try_connect(&addr, addr_len) == 0) return;
  fail("connection to the local troupe worker's launch relay (%s) failed: %s", name, strerror(errno));
}

int main(int argc, char **argv) {
  // Arguments, as parseSshArgs (src/mpi/launcher.ts) reads them.
  int no_stdin = 0;
  int i = 1;
  for (; i < argc; i++) {
    const char *arg = argv[i];
    if (strcmp(arg, "--") == 0) {
      i++;
      break;
    }
    if (arg[0] != '-' || arg[1] == '\0') break;
    // Flags may be grouped (-xT); an option with a value takes the rest of its word or the next.
    for (size_t j = 1; arg[j] != '\0'; j++) {
      if (strchr(OPTIONS_WITH_VALUE, arg[j])) {
        if (arg[j + 1] == '\0') i++;
        if (i >= argc) fail("option -%c needs a value", arg[j]);
        break;
      }
      if (arg[j] == 'n') no_stdin = 1;
    }
  }
  if (i >= argc) fail("usage: " NAME " [ssh options] [user@]HOST command...");
  const char *target = argv[i];
  if (i + 1 >= argc) fail("no command given for %s (interactive sessions are not supported)", target);
  const char *host = strrchr(target, '@') ? strrchr(target, '@') + 1 : target;

  // mpiexec may start us with stdin (or more) closed: hold those numbers with /dev/null, or the
  // socket could become fd 0 and be read as stdin.
  for (int fd = 0; fd <= 2; fd++) {
    if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd) fail("cannot open /dev/null: %s", strerror(errno));
  }

  const char *relay = getenv("TROUPE_MPI_RELAY");
  if (!relay || !*relay) run_node_launcher(argv);

  // The header: host NUL command (the words joined by spaces) NUL context.
  const char *context = getenv("TROUPE_MPI_CONTEXT");
  if (!context) context = "";
  size_t header_len = strlen(host) + 1 + strlen(context) + 1;
  for (int w = i + 1; w < argc; w++) header_len += strlen(argv[w]) + 1;
  char *header = malloc(header_len);
  if (!header) fail("out of memory");
  char *h = header;
  h = stpcpy(h, host) + 1;
  for (int w = i + 1; w < argc; w++) {
    if (w > i + 1) *h++ = ' ';
    h = stpcpy(h, argv[w]);
  }
  h++;
  h = stpcpy(h, context);

  if (pipe2(signal_pipe, O_NONBLOCK | O_CLOEXEC) < 0) fail("pipe: %s", strerror(errno));
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal; // no SA_RESTART: blocking writes return EINTR and see the signal
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);

  connect_relay(relay);
  send_frame('H', header, (size_t)(h - header));
  free(header);
  int stdin_open = !no_stdin;
  if (!stdin_open) send_frame('C', NULL, 0);

  static unsigned char buf[CHUNK];
  static unsigned char in[5 + CHUNK];
  for (;;) {
    exit_if_signalled();
    struct pollfd fds[3] = {
        {.fd = signal_pipe[0], .events = POLLIN},
        {.fd = sock, .events = POLLIN},
        {.fd = STDIN_FILENO, .events = POLLIN},
    };
    if (poll(fds, stdin_open ? 3 : 2, -1) < 0) {
      if (errno == EINTR) continue;
      fail("poll: %s", strerror(errno));
    }
    if (fds[1].revents) {
      ssize_t n = read(sock, buf, sizeof buf);
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (n < 0) fail("connection to the local troupe worker's launch relay was lost: %s", strerror(errno));
      if (n == 0) fail("the local troupe worker's launch relay closed the connection before the launch ended");
      consume(buf, (size_t)n);
    }
    if (stdin_open && fds[2].revents) {
      ssize_t n = (fds[2].revents & POLLNVAL) ? 0 : read(STDIN_FILENO, in + 5, CHUNK);
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (n <= 0) { // EOF, or no usable stdin: the remote command sees EOF, as with ssh
        stdin_open = 0;
        send_frame('C', NULL, 0);
      } else {
        in[0] = 'I';
        put_be32(in + 1, (uint32_t)n);
        if (write_all(sock, in, 5 + (size_t)n) < 0) fail("connection to the local troupe worker's launch relay was lost: %s", strerror(errno));
      }
    }
  }
}
