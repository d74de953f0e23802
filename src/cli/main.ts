// The troupe command line: finds the command named by the first words of argv, parses its
// options, runs it, and turns what went wrong into a message and an exit status
// (0 ok, 1 failed or server error, 2 usage error).
import { GRPC_CODES } from '../protocol/grpc/grpc-codes.ts';
import { packageVersion } from '../protocol/package-root.ts';
import { deprecationWarnings, describeOptions, parseCommandArgs } from './args.ts';
import { unavailableHint, type UnavailableError } from './unavailable-hint.ts';
import { describeError, EXIT_FAILURE, EXIT_USAGE, isGrpcError, UsageError } from './cli-errors.ts';
import { API_OPTIONS, CommandContext, HELP_OPTION, processIo, usageLine, type CliIo, type Command } from './command.ts';
import { daemonCommands } from './commands/daemons.ts';
import { demoCommand } from './commands/demo.ts';
import { jobCommands } from './commands/job.ts';
import { scheduleCommands } from './commands/schedule.ts';
import { updateCommands } from './commands/update.ts';
import { nodeCommands } from './commands/node.ts';
import { poolCommands } from './commands/pool.ts';
import { poolScalingCommands } from './commands/pool-scaling.ts';
import { poolAutoScaleCommands } from './commands/pool-autoscale.ts';
import { taskCommands } from './commands/task.ts';
import { terminalCommands } from './commands/terminal.ts';
import { taskExplainCommands } from './commands/task-explain.ts';
import { subtaskCommands } from './commands/subtasks.ts';
import { upCommand } from './commands/up.ts';
import { runCommand, submitCommand } from './commands/run.ts';
import { nodeFileCommands } from './commands/node-files.ts';
import { fileCommands } from './commands/file.ts';
import { appCommands } from './commands/app.ts';
import { tokenCommands } from './commands/token.ts';
import { natsCredentialsCommand } from './commands/nats-credentials.ts';

export const COMMANDS: readonly Command[] = [
  upCommand, demoCommand, runCommand, submitCommand, ...poolCommands, ...poolScalingCommands, ...poolAutoScaleCommands, ...nodeCommands, ...jobCommands, ...scheduleCommands, ...taskCommands, ...taskExplainCommands, ...terminalCommands, ...updateCommands, ...subtaskCommands, ...nodeFileCommands,
  ...fileCommands, ...appCommands, ...tokenCommands, ...daemonCommands, natsCredentialsCommand,
];

const GROUP_SUMMARIES: Record<string, string> = {
  pool: 'pools: named sets of nodes with a slot count and a fill policy',
  node: 'compute nodes: the workers of a pool',
  job: 'jobs: a set of tasks on one pool',
  schedule: 'job schedules: a job made on a recurrence, one active at a time',
  task: 'tasks: one command line each, run on some node',
  file: "files: the cluster's store, for tasks' inputs and outputs",
  app: 'application packages: versioned archives unpacked on nodes',
  token: 'API tokens: who may call the API, with which role',
};

export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  if (argv.length === 1 && ['--version', '-V', 'version'].includes(argv[0]!)) {
    io.stdout.write(`troupe ${packageVersion()}\n`);
    return 0;
  }
  const { command, rest, group } = resolve(argv);
  if (!command) {
    if (['-h', '--help', 'help'].includes(rest[0] ?? '')) {
      io.stdout.write(`${overview(group)}\n`);
      return 0;
    }
    if (argv.length > 0) {
      const problem = group && rest.length === 0
        ? `'troupe ${group}' needs a subcommand`
        : `unknown command '${[group, rest[0]].filter(Boolean).join(' ')}'`;
      io.stderr.write(`error: ${problem}\n`);
    }
    io.stderr.write(`${overview(group)}\n`);
    return EXIT_USAGE;
  }

  const specs = optionSpecs(command);
  let ctx: CommandContext | undefined;
  try {
    const args = parseCommandArgs(rest, specs, {
      usage: usageLine(command),
      maxPositionals: command.maxPositionals ?? 0,
      allowRest: command.allowRest ?? false,
    });
    if (args.flag('help')) {
      io.stdout.write(`${commandHelp(command)}\n`);
      return 0;
    }
    for (const warning of deprecationWarnings(specs, args)) io.stderr.write(`${warning}\n`);
    const connect = command.usesApi || command.opensApiClients ? (await import('../protocol/grpc/wire-client.ts')).connectWireApi : undefined;
    ctx = new CommandContext(io, args, connect);
    return await command.run(ctx);
  } catch (err) {
    // The API's address for the hint, where the command talks to one and it can be known: the
    // error may be the client config's own (a config file naming a missing CA).
    let apiAddress: string | undefined;
    try {
      apiAddress = command.usesApi ? ctx?.apiAddress : undefined;
    } catch {
      apiAddress = undefined;
    }
    return report(err, io, apiAddress);
  } finally {
    ctx?.close();
  }
}

function report(err: unknown, io: CliIo, apiAddress: string | undefined): number {
  if (err instanceof UsageError) {
    io.stderr.write(`error: ${err.message}\n`);
    if (err.usage) io.stderr.write(`usage: ${err.usage}  (see --help)\n`);
    return EXIT_USAGE;
  }
  io.stderr.write(`error: ${describeError(err)}\n`);
  if (isGrpcError(err) && err.code === GRPC_CODES.UNAVAILABLE && apiAddress) {
    io.stderr.write(`hint: ${unavailableHint(err as UnavailableError, apiAddress)}\n`);
  }
  if (isGrpcError(err) && err.code === GRPC_CODES.UNAUTHENTICATED) {
    io.stderr.write("hint: give a token with --token, TROUPE_TOKEN or \"token\" in ~/.config/troupe/config ('troupe up' writes one for its cluster)\n");
  }
  return EXIT_FAILURE;
}

/** The command named by the longest matching prefix of argv: `pool create ...` or `up ...`. */
function resolve(argv: readonly string[]): { command?: Command; rest: readonly string[]; group?: string } {
  const [first, second] = argv;
  const single = COMMANDS.find((c) => c.path.length === 1 && c.path[0] === first);
  if (single) return { command: single, rest: argv.slice(1) };
  if (first && first in GROUP_SUMMARIES) {
    // Three words (pool autoscale enable) before two.
    const third = argv[2];
    const deep = COMMANDS.find((c) => c.path.length === 3 && c.path[0] === first && c.path[1] === second && c.path[2] === third);
    if (deep) return { command: deep, rest: argv.slice(3) };
    const sub = COMMANDS.find((c) => c.path.length === 2 && c.path[0] === first && c.path[1] === second);
    return sub ? { command: sub, rest: argv.slice(2) } : { rest: argv.slice(1), group: first };
  }
  return { rest: argv };
}

function overview(group?: string): string {
  const shown = COMMANDS.filter((c) => !group || c.path[0] === group);
  const width = Math.max(...shown.map((c) => c.path.join(' ').length));
  const lines = shown.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`);
  const title = group ? `troupe ${group}: ${GROUP_SUMMARIES[group]}` : 'troupe: batch compute on your own machines (pools, nodes, jobs, tasks)';
  return [
    title,
    '',
    `usage: troupe ${group ?? '<command>'} ${group ? '<subcommand> ' : ''}[options]`,
    '',
    ...lines,
    '',
    `Run 'troupe ${group ? `${group} ` : ''}<command> --help' for its options.`,
    group ? '' : "API commands take --api ADDR (or env TROUPE_API) and -o json|table. 'troupe --version' prints the version.",
  ].join('\n').trimEnd();
}

function commandHelp(command: Command): string {
  const specs = optionSpecs(command);
  return [
    `usage: ${usageLine(command)}`,
    '',
    `${command.summary[0].toUpperCase()}${command.summary.slice(1)}.`,
    ...(command.details ? [command.details] : []),
    '',
    'options:',
    describeOptions(specs),
  ].join('\n');
}

/** The command's options, then the API options it does not redefine (task add's --output also
 *  takes output files), then --help. */
function optionSpecs(command: Command) {
  const api = command.usesApi ? Object.fromEntries(Object.entries(API_OPTIONS).filter(([name]) => !(name in command.options))) : {};
  return { ...command.options, ...api, ...HELP_OPTION };
}
