// Runs a system command (ip, mount, unshare) for the test helpers: its stdout, or an error that
// names the command and carries what it wrote on stderr.
import { execFile } from 'node:child_process';

export class CommandError extends Error {
  override name = 'CommandError';
  constructor(readonly argv: string[], readonly stderr: string, options?: ErrorOptions) {
    super(`'${argv.join(' ')}' failed: ${stderr.trim() || (options?.cause as Error | undefined)?.message}`, options);
  }
}

/** Sbin directories too: a non-login root shell may lack them, and ip lives in /usr/sbin or /sbin. */
const env = { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/usr/bin:/sbin:/bin` };

export function run(argv: string[]): Promise<string> {
  const [cmd, ...args] = argv;
  return new Promise((resolve, reject) => {
    execFile(cmd!, args, { env, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const e = err as NodeJS.ErrnoException;
      reject(e.code === 'ENOENT'
        ? new CommandError(argv, `${cmd} not found on PATH (ip is in Debian's iproute2, unshare and nsenter in util-linux)`, { cause: err })
        : new CommandError(argv, stderr, { cause: err }));
    });
  });
}

/** For clean-up: runs the command, true when it succeeded, never throws. */
export async function attempt(argv: string[]): Promise<boolean> {
  try {
    await run(argv);
    return true;
  } catch {
    return false;
  }
}
