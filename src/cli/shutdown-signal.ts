// Foreground processes (the daemons, `troupe up`) stop cleanly on SIGINT or SIGTERM. A second
// signal while stopping means "now": the process exits at once with status 1.
export function onceShutdownRequested(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let requested = false;
    const handler = (signal: NodeJS.Signals) => {
      if (requested) {
        process.stderr.write(`troupe: ${signal} again, exiting without a clean stop\n`);
        process.exit(1);
      }
      requested = true;
      resolve(signal);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}

/**
 * Resolves when standard input reaches its end: a supervisor (`troupe up`) holds the other end
 * of the pipe, so this fires when it exits for any reason, even SIGKILL, and no daemon outlives it.
 */
export function onceStdinClosed(stdin: NodeJS.ReadableStream = process.stdin): Promise<void> {
  return new Promise((resolve) => {
    stdin.on('data', () => {});
    stdin.once('end', () => resolve());
    stdin.once('error', () => resolve());
    stdin.resume();
  });
}
