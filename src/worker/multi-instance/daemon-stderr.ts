// What the remote MPI daemons of an attempt wrote to stderr, kept by the launch relay so that a
// failed mpiexec's task still tells why. mpiexec stops reading its launchers once it has decided
// to fail, often on the very event a remote daemon is explaining: Hydra sees its proxy's control
// connection close and says only `assert (!closed)`, while the proxy's 'unable to change wdir'
// is still on its way through the relay, or sits unread in the launcher's pipe. On a failed
// mpiexec the instance appends the lines of these tails that its stderr does not hold.
import type { LaunchRef } from '../../mpi/mpi-environment.ts';

export type AttemptOf = Pick<LaunchRef, 'uid' | 'attempt'>;

/** The last bytes of each launch's stderr that are kept. */
const TAIL_BYTES = 16 * 1024;

interface Launch {
  host: string;
  tail: Buffer;
  /** Bytes were dropped from the tail's start. */
  cut: boolean;
  ended: Promise<void>;
}

export class DaemonStderr {
  private readonly attempts = new Map<string, Launch[]>();

  /** A launch of `ref` to `host` began; returns where its stderr goes, and marks its end. */
  open(ref: AttemptOf, host: string): { write(chunk: Buffer): void; end(): void } {
    let ended!: () => void;
    const launch: Launch = { host, tail: Buffer.alloc(0), cut: false, ended: new Promise((resolve) => (ended = resolve)) };
    const key = keyOf(ref);
    const launches = this.attempts.get(key) ?? [];
    this.attempts.set(key, launches);
    launches.push(launch);
    return {
      write(chunk) {
        const joined = Buffer.concat([launch.tail, chunk]);
        launch.cut ||= joined.length > TAIL_BYTES;
        launch.tail = joined.length > TAIL_BYTES ? joined.subarray(joined.length - TAIL_BYTES) : joined;
      },
      end: ended,
    };
  }

  /** Each host's kept stderr for `ref`, once its launches have ended (or after `timeoutMs`). */
  async collect(ref: AttemptOf, timeoutMs: number): Promise<{ host: string; text: string; cut: boolean }[]> {
    const launches = this.attempts.get(keyOf(ref)) ?? [];
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(launches.map((l) => l.ended)), new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
    return launches.filter((l) => l.tail.length > 0).map((l) => ({ host: l.host, text: l.tail.toString('utf8'), cut: l.cut }));
  }

  /** The attempt's instance ended here: nothing of it is kept any longer. */
  forget(ref: AttemptOf): void {
    this.attempts.delete(keyOf(ref));
  }
}

/** The lines of `daemonText` that `stderr` does not hold (a first partial line of a tail is
 *  dropped: it was cut). */
export function linesNotShown(daemonText: string, stderr: string, cut: boolean): string[] {
  const lines = daemonText.split('\n');
  if (cut) lines.shift();
  return lines.filter((line) => line.trim() !== '' && !stderr.includes(line));
}

function keyOf(ref: AttemptOf): string {
  return `${ref.uid}.${ref.attempt}`;
}
