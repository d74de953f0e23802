// troupe run | submit: one task from the command line, srun- and sbatch-like. `run` adds it,
// streams its stdout and stderr live, turns Ctrl-C into TerminateTask and exits with the task's
// exit code (run/run-outcome.ts says which code when it has none); `submit` adds it and prints
// its id. Both take `task add`'s options (task-spec-options.ts), and make a job of their own
// when none is named (run/run-target.ts).
import type { Command, CommandContext } from '../command.ts';
import type { CommandArgs, OptionSpecs } from '../args.ts';
import type { TaskSpec } from '../../protocol/generated/troupe/v1/TaskSpec.ts';
import type { Task__Output } from '../../protocol/generated/troupe/v1/Task.ts';
import { TASK_SPEC_OPTIONS, TASK_SPEC_SYNOPSIS, taskSpecOf } from '../task-spec-options.ts';
import { createRunJob, removeRunJob, resolveRunTarget, type RunTarget } from '../run/run-target.ts';
import { EXIT_INTERRUPTED, runOutcome } from '../run/run-outcome.ts';
import { waitForTaskCompletion } from '../run/task-completion.ts';
import { pipeTaskOutput } from '../task-output.ts';
import { describeError } from '../cli-errors.ts';
import { taskJson } from '../json/json-form.ts';

const RUN_OPTIONS: OptionSpecs = {
  pool: { type: 'string', value: 'P', help: 'the pool of the job made for the task (default: TROUPE_POOL, the config file\'s "pool", else the only pool)' },
  job: { type: 'string', value: 'J', help: 'add the task to this job instead of a job of its own' },
  id: { type: 'string', value: 'T', help: 'task id (default: run-<UTC time>-<4 hex>, also the id of the job made for it)' },
  'ranks-per-node': { type: 'string', value: 'K', help: 'with --instances: K slots (MPI ranks) on each node instead of the whole node' },
  ...TASK_SPEC_OPTIONS,
};

const SYNOPSIS = `[--pool P | --job J] [--id T] [--ranks-per-node K (with --instances)] ${TASK_SPEC_SYNOPSIS} -- CMD ARG...`;

const JOB_DETAILS = 'With no --job, the task gets a job of its own, named like the task (run-<UTC time>-<4 hex>),\n'
  + 'made with onAllTasksComplete terminatejob: it completes with its task.\n'
  + '--instances N [--ranks-per-node K] makes a multi-instance (MPI) task: the words after -- run\n'
  + 'on the primary (e.g. mpiexec ...) once every instance is up (the pool needs inter-node communication).';

/** The task of the command line, --ranks-per-node folded in (the slots of each instance). */
function runTaskSpec(a: CommandArgs, taskId: string): TaskSpec {
  const spec = taskSpecOf(a, taskId);
  const ranks = a.integer('ranks-per-node', { min: 1 });
  if (ranks === undefined) return spec;
  if (!spec.multiInstanceSettings) throw a.usageError('--ranks-per-node needs --instances');
  if (a.has('required-slots')) throw a.usageError('--ranks-per-node and --required-slots both set the slots of each instance: give one');
  return { ...spec, requiredSlots: ranks };
}

/** Adds the task where the command line says; a job made for it goes if the task is refused. */
async function addRunTask(ctx: CommandContext): Promise<{ target: RunTarget; task: Task__Output }> {
  const target = await resolveRunTarget(ctx.api, ctx.args, ctx.clientConfig.defaultPool);
  const spec = runTaskSpec(ctx.args, target.taskId);
  await createRunJob(ctx.api, target);
  try {
    return { target, task: await ctx.api.AddTask({ jobId: target.jobId, task: spec }) };
  } catch (err) {
    await removeRunJob(ctx.api, target);
    throw err;
  }
}

/** The first SIGINT calls `first`; a second one exits at once. */
function onInterrupt(ctx: CommandContext, first: () => void): () => void {
  let count = 0;
  const handler = () => {
    count++;
    if (count === 1) return first();
    ctx.err('troupe: interrupted again, exiting without waiting for the task');
    process.exit(EXIT_INTERRUPTED);
  };
  process.on('SIGINT', handler);
  return () => process.off('SIGINT', handler);
}

export const runCommand: Command = {
  path: ['run'],
  summary: "run one task and stream its output: exits with the task's exit code (srun-like)",
  synopsis: SYNOPSIS,
  details: `${JOB_DETAILS}\n`
    + "The task's stdout goes to standard output and its stderr to standard error as it runs.\n"
    + 'Ctrl-C terminates the task (then waits for it to end; a second Ctrl-C exits at once).\n'
    + "Exit status: the task's exit code (a killed task: 128 + signal); 130 after Ctrl-C; 125 when\n"
    + 'the task failed without an exit code (it never started: preparation, resource files, node\n'
    + 'lost with no retries left), its failure printed on standard error; 1 API error, 2 usage error.',
  usesApi: true,
  allowRest: true,
  options: RUN_OPTIONS,
  async run(ctx) {
    let interrupted = false;
    let added: RunTarget | undefined;
    const terminate = (target: RunTarget) => {
      ctx.err(`troupe: terminating task '${target.taskId}' of job '${target.jobId}' (Ctrl-C again to exit at once)`);
      ctx.api.TerminateTask({ jobId: target.jobId, taskId: target.taskId }).catch((err) => {
        ctx.err(`troupe: could not terminate the task: ${describeError(err)}`);
      });
    };
    const stopListening = onInterrupt(ctx, () => {
      interrupted = true;
      if (added) terminate(added);
    });
    try {
      const { target } = await addRunTask(ctx);
      added = target;
      if (interrupted) terminate(target); // Ctrl-C while the task was being added
      const ref = { jobId: target.jobId, taskId: target.taskId, follow: true };
      try {
        await Promise.all([
          pipeTaskOutput(ctx.api, { ...ref, stream: 'stdout' }, ctx.io.stdout),
          pipeTaskOutput(ctx.api, { ...ref, stream: 'stderr' }, ctx.io.stderr),
        ]);
      } catch (err) {
        // The output could not be followed (its node went away): the exit code still comes.
        ctx.err(`troupe: the task's output stopped: ${describeError(err)}`);
      }
      const outcome = runOutcome(await waitForTaskCompletion(ctx.api, target.jobId, target.taskId), interrupted);
      if (outcome.message) ctx.err(`troupe: ${outcome.message}`);
      return outcome.exitCode;
    } finally {
      stopListening();
    }
  },
};

export const submitCommand: Command = {
  path: ['submit'],
  summary: "add one task and print its id, without waiting (sbatch-like)",
  synopsis: SYNOPSIS,
  details: `${JOB_DETAILS}\n`
    + 'Prints the task id on standard output (-o json: the task), and how to follow it on standard error.',
  usesApi: true,
  allowRest: true,
  options: RUN_OPTIONS,
  async run(ctx) {
    const { target, task } = await addRunTask(ctx);
    ctx.print(taskJson(task), () => target.taskId);
    if (ctx.output !== 'json') ctx.err(`task '${target.taskId}' added to job '${target.jobId}': troupe task output --job ${target.jobId} --id ${target.taskId} --follow`);
    return 0;
  },
};
