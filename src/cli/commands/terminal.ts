// troupe task exec | attach: a command inside a running task (like `kubectl exec`), and the
// terminal of a task added with --pty (like `docker attach`). Both go through the coordinator.
import type { Command, CommandContext } from '../command.ts';
import { DEFAULT_DETACH_KEYS, DetachMatcher, parseDetachKeys } from '../terminal/detach-keys.ts';
import { takeTerminal, type ClientTerminal } from '../terminal/raw-terminal.ts';
import type { TerminalOutput__Output } from '../../protocol/generated/troupe/v1/TerminalOutput.ts';

const TASK_REF = {
  job: { type: 'string', value: 'J', help: 'job id' },
  id: { type: 'string', value: 'T', help: 'task id' },
} as const;

type Duplex = {
  write(message: object): boolean;
  end(): void;
  cancel(): void;
  on(event: 'data', l: (m: TerminalOutput__Output) => void): unknown;
  on(event: 'error', l: (err: Error) => void): unknown;
  on(event: 'status', l: (s: { code: number }) => void): unknown;
};

/** Runs one call to its end: output to our stdout/stderr, the exit code it reports. */
function relayCall(ctx: CommandContext, call: Duplex, term: ClientTerminal, onInput: (chunk: Buffer) => void, onInputEnd: () => void): Promise<{ exitCode?: number }> {
  const stdin = ctx.io.stdin;
  return new Promise((resolve, reject) => {
    let exitCode: number | undefined;
    const inputListener = (chunk: Buffer | string) => onInput(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    const stopInput = () => {
      stdin.off('data', inputListener);
      stdin.off('end', onInputEnd);
      stdin.pause();
    };
    call.on('data', (out) => {
      if (out.output === 'stdout' && out.stdout) ctx.io.stdout.write(out.stdout);
      else if (out.output === 'stderr' && out.stderr) ctx.io.stderr.write(out.stderr);
      else if (out.output === 'exit' && out.exit) exitCode = out.exit.exitCode;
    });
    call.on('error', (err) => {
      stopInput();
      reject(err);
    });
    call.on('status', (s) => {
      if (s.code !== 0) return; // the 'error' event carries it
      stopInput();
      resolve(exitCode === undefined ? {} : { exitCode });
    });
    term.onResize((size) => call.write({ resize: size }));
    stdin.on('data', inputListener);
    stdin.on('end', onInputEnd);
  });
}

async function openTerminal(ctx: CommandContext) {
  const { terminalClient } = await import('../terminal/terminal-client.ts');
  return terminalClient(ctx.apiAddress, ctx.clientConfig);
}

export const terminalCommands: Command[] = [
  {
    path: ['task', 'exec'],
    summary: "run a command inside a running task (its directory, environment, user; it ends with the task)",
    synopsis: '--job J --id T [-i] [-t] -- CMD ARG...',
    details: 'The words after -- are the exact argv (no shell: use -- /bin/sh -c "..." for one).\n'
      + '-i relays this terminal\'s input; -t runs the command under a pseudo-terminal (raw mode here,\n'
      + 'window size followed; Ctrl-C and Ctrl-D go to the command). Exits with the command\'s exit code.',
    opensApiClients: true,
    allowRest: true,
    options: {
      ...TASK_REF,
      interactive: { type: 'boolean', short: 'i', help: 'send this terminal\'s input to the command' },
      tty: { type: 'boolean', short: 't', help: 'run the command under a pseudo-terminal' },
      api: { type: 'string', value: 'ADDR', help: 'API address (env TROUPE_API; default: the config file\'s)' },
      token: { type: 'string', value: 'TOKEN', help: 'API token (env TROUPE_TOKEN; default: the config file\'s)' },
      ca: { type: 'string', value: 'FILE', help: 'CA certificate of the API (env TROUPE_CA)' },
    },
    async run(ctx) {
      const a = ctx.args;
      const jobId = a.required('job');
      const taskId = a.required('id');
      if (a.rest.length === 0) throw a.usageError('missing the command: put it after --, e.g. -- /bin/pwd');
      const tty = a.flag('tty');
      const interactive = a.flag('interactive');
      const client = await openTerminal(ctx);
      const term = takeTerminal(ctx.io.stdin, ctx.io.stdout, tty && interactive);
      try {
        const call = client.Exec() as unknown as Duplex;
        const size = term.size();
        call.write({ start: { jobId, taskId, command: [...a.rest], tty, stdin: interactive, ...(size ? { window: size } : {}) } });
        const result = await relayCall(ctx, call, term,
          (chunk) => { if (interactive) call.write({ stdin: chunk }); },
          () => {
            if (!interactive || tty) return; // a terminal's end of input is Ctrl-D, a byte
            call.write({ stdinClosed: true });
            call.end();
          });
        return result.exitCode ?? 1;
      } finally {
        term.restore();
        client.close();
      }
    },
  },
  {
    path: ['task', 'attach'],
    summary: 'attach to the terminal of a running task added with --pty (detach: Ctrl-P Ctrl-Q)',
    synopsis: '--job J --id T [--detach-keys KEYS] [--replay]',
    details: 'This terminal goes raw and drives the task\'s: keys (Ctrl-C, Ctrl-D too) go to the task,\n'
      + 'its screen comes here, the window size follows this one. The detach keys leave the task running\n'
      + '(attach again later); one client at a time. Exits with the task\'s exit code if it ends meanwhile.',
    opensApiClients: true,
    options: {
      ...TASK_REF,
      'detach-keys': { type: 'string', value: 'KEYS', help: `keys that detach, comma-separated (default ${DEFAULT_DETACH_KEYS}; e.g. ctrl-a,d)` },
      replay: { type: 'boolean', help: 'first show the terminal\'s recent output (its scrollback)' },
      api: { type: 'string', value: 'ADDR', help: 'API address (env TROUPE_API; default: the config file\'s)' },
      token: { type: 'string', value: 'TOKEN', help: 'API token (env TROUPE_TOKEN; default: the config file\'s)' },
      ca: { type: 'string', value: 'FILE', help: 'CA certificate of the API (env TROUPE_CA)' },
    },
    async run(ctx) {
      const a = ctx.args;
      const jobId = a.required('job');
      const taskId = a.required('id');
      let keys: Buffer;
      try {
        keys = parseDetachKeys(a.string('detach-keys') ?? DEFAULT_DETACH_KEYS);
      } catch (err) {
        throw a.usageError((err as Error).message);
      }
      const matcher = new DetachMatcher(keys);
      const client = await openTerminal(ctx);
      const term = takeTerminal(ctx.io.stdin, ctx.io.stdout, true);
      let detached = false;
      try {
        const call = client.Attach() as unknown as Duplex;
        const size = term.size();
        call.write({ start: { jobId, taskId, replay: a.flag('replay'), ...(size ? { window: size } : {}) } });
        const result = await relayCall(ctx, call, term, (chunk) => {
          if (detached) return;
          const { forward, detach } = matcher.feed(chunk);
          if (forward.length > 0) call.write({ stdin: forward });
          if (detach) {
            detached = true;
            call.end();
          }
        }, () => {});
        term.restore();
        if (detached) {
          ctx.err(`\r\ndetached from task '${taskId}' (it goes on): troupe task attach --job ${jobId} --id ${taskId}`);
          return 0;
        }
        return result.exitCode ?? 0;
      } finally {
        term.restore();
        client.close();
      }
    },
  },
];
