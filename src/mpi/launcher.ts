// troupe-mpi-launch: the program mpiexec runs instead of ssh (Open MPI's plm_rsh_agent, Hydra's
// launcher exec). Called as ssh is, `troupe-mpi-launch [ssh options] [user@]HOST word...`, it asks
// the worker daemon of HOST (found in TROUPE_MPI_CONTEXT, see mpi-environment.ts) to run the
// words, joined by spaces, as `/bin/sh -c` inside this task's instance on that node, relays stdin,
// stdout and stderr, and exits as ssh does: with the remote exit status (128 + signal when the
// command was killed), or 255 when the launch could not happen (host not reserved, refused,
// connection failed or lost). SIGTERM, SIGINT or SIGHUP cancel the call, and the worker then kills
// the remote process group.
//
// It runs once per remote daemon, on the critical path of every mpiexec start: it speaks gRPC
// over node:http2 itself (launch-wire.ts, no grpc-js to load), from its own entry point of the
// build (dist/troupe-mpi-launch.js, scripts/build.mjs), which loads nothing else.
import { constants } from 'node:os';
import { LAUNCH_CA_VARIABLE, openLaunchCall, type LaunchTls } from './launch-wire.ts';
import { GRPC_CODES } from '../protocol/grpc/grpc-codes.ts';
import { MPI_CONTEXT_VARIABLE, parseMpiLaunchContext, reservedTarget, type MpiLaunchContext } from './mpi-environment.ts';

const NAME = 'troupe-mpi-launch';
/** ssh's exit status for its own errors (connection, refusal), as mpiexec expects from ssh. */
export const LAUNCH_FAILED = 255;

/** ssh options that take a value (`-o Opt=x`, `-p 22`, `-l user`); every other option is a flag. */
const OPTIONS_WITH_VALUE = new Set('BbcDEeFIiJLlmOopQRSWw'.split(''));

export interface SshCommandLine {
  host: string;
  command: string;
  /** -n: stdin is not read (as `ssh -n`). */
  noStdin: boolean;
}

/** Parses an ssh command line as mpiexec writes it; throws with a usage message. */
export function parseSshArgs(args: string[]): SshCommandLine {
  let noStdin = false;
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    // Flags may be grouped (-xT); an option with a value takes the rest of its word or the next.
    for (let j = 1; j < arg.length; j++) {
      const flag = arg[j]!;
      if (OPTIONS_WITH_VALUE.has(flag)) {
        if (j === arg.length - 1) i++;
        if (i >= args.length) throw new Error(`option -${flag} needs a value`);
        break;
      }
      if (flag === 'n') noStdin = true;
    }
  }
  const target = args[i];
  if (target === undefined) throw new Error(`usage: ${NAME} [ssh options] [user@]HOST command...`);
  const words = args.slice(i + 1);
  if (words.length === 0) throw new Error(`no command given for ${target} (interactive sessions are not supported)`);
  const host = target.includes('@') ? target.slice(target.lastIndexOf('@') + 1) : target;
  return { host, command: words.join(' '), noStdin };
}

/** Runs the launcher; resolves with the process's exit status. */
export function runLauncher(
  args: string[],
  io: { env: NodeJS.ProcessEnv; stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<number> {
  const fail = (message: string) => {
    io.stderr.write(`${NAME}: ${message}\n`);
    return Promise.resolve(LAUNCH_FAILED);
  };
  let line: SshCommandLine;
  let context: MpiLaunchContext;
  try {
    line = parseSshArgs(args);
    context = parseMpiLaunchContext(io.env[MPI_CONTEXT_VARIABLE]);
  } catch (err) {
    return fail((err as Error).message);
  }
  const reserved = reservedTarget(context, line.host);
  if ('refused' in reserved) return fail(reserved.refused);
  const ca = io.env[LAUNCH_CA_VARIABLE];
  return launch(line, context, reserved.target, io, ca ? { ca } : undefined);
}

function launch(
  line: SshCommandLine,
  context: MpiLaunchContext,
  target: string,
  io: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
  tls: LaunchTls | undefined,
): Promise<number> {
  return new Promise<number>((resolve) => {
    let exitCode: number | undefined;
    let settled = false;
    const finish = (code: number, message?: string) => {
      if (settled) return;
      settled = true;
      for (const signal of SIGNALS) process.removeListener(signal, onSignal);
      io.stdin.removeListener('data', onStdin);
      if (message) io.stderr.write(`${NAME}: ${message}\n`);
      resolve(code);
    };

    const call = openLaunchCall(target, {
      onOutput(out) {
        if ('stdout' in out) writeRelay(io.stdout, out.stdout);
        else if ('stderr' in out) writeRelay(io.stderr, out.stderr);
        else if ('exit' in out) exitCode = out.exit.exitCode;
      },
      onEnd(code, details) {
        if (code === GRPC_CODES.OK && exitCode !== undefined) finish(exitCode);
        else if (code === GRPC_CODES.OK) finish(LAUNCH_FAILED, `the worker for ${line.host} ended the launch without an exit status`);
        else if (code === GRPC_CODES.PERMISSION_DENIED || code === GRPC_CODES.INVALID_ARGUMENT || code === GRPC_CODES.FAILED_PRECONDITION) {
          finish(LAUNCH_FAILED, `launch on ${line.host} refused: ${details}`);
        } else if (code === -1 || code === GRPC_CODES.UNAVAILABLE) {
          finish(LAUNCH_FAILED, `connection to the troupe worker for ${line.host} (${target}) failed or was lost: ${details}`);
        } else finish(LAUNCH_FAILED, `launch on ${line.host} (${target}) failed: gRPC status ${code}: ${details}`);
      },
    }, tls);

    const onSignal = (signal: NodeJS.Signals) => {
      // The worker sees the call cancelled (or the connection drop) and kills the remote group.
      call.cancel();
      finish(128 + (constants.signals[signal] ?? 0));
    };
    for (const signal of SIGNALS) process.on(signal, onSignal);

    // Output backpressure: stop reading the call while our stdout is full.
    const writeRelay = (stream: NodeJS.WritableStream, chunk: Buffer) => {
      if (!stream.write(chunk)) {
        call.pause();
        stream.once('drain', () => call.resume());
      }
    };

    call.write({ start: { ...context.ref, host: line.host, command: line.command } });

    // stdin, as ssh relays it; `-n` or no usable stdin: the remote command sees EOF.
    const onStdin = (chunk: Buffer) => {
      if (!call.write({ stdin: chunk })) {
        io.stdin.pause();
        call.onDrain(() => io.stdin.resume());
      }
    };
    if (line.noStdin) {
      call.write({ stdinClosed: true });
    } else {
      io.stdin.on('data', onStdin);
      io.stdin.once('end', () => !settled && call.write({ stdinClosed: true }));
      io.stdin.once('error', () => !settled && call.write({ stdinClosed: true }));
    }
  });
}

const SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

/** The process entry (bin/troupe-mpi-launch). */
export async function main(): Promise<void> {
  const code = await runLauncher(process.argv.slice(2), {
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
  });
  // Pipes are written synchronously on Linux; the empty write covers the other cases.
  process.stdout.write('', () => process.exit(code));
}
