// The flags of a task's fields (all but its id and job), shared by `task add`, `troupe run` and
// `troupe submit` so that the three take the same options with the same meaning, and the one
// function that turns them into the API's TaskSpec.
import type { CommandArgs, OptionSpecs } from './args.ts';
import type { TaskSpec } from '../protocol/generated/troupe/v1/TaskSpec.ts';
import { METADATA_OPTION, metadataOf } from './list-options.ts';
import { TASK_DEPENDENCY_OPTIONS, dependsOnOf } from './dependency-options.ts';
import { applicationPackageReferences, outputFiles, resourceFiles, TASK_FILE_OPTIONS } from './file-options.ts';
import { parseMemoryMib } from './memory-size.ts';
import { USER_IDENTITY_OPTIONS, userIdentityOf } from './user-options.ts';

export const TASK_SPEC_OPTIONS: OptionSpecs = {
  'max-retries': { type: 'string', value: 'N', help: "retries after a failure, maxTaskRetryCount (-1 = unlimited; default: the job's)" },
  retries: { type: 'string', value: 'N', aliasOf: 'max-retries', help: 'old name of --max-retries' },
  'max-wall-clock': { type: 'string', value: 'D', help: 'kill the task after this long (30s, 5m, 1h30m)' },
  retention: { type: 'string', value: 'D', help: 'keep the task directory this long after completion' },
  'max-memory': { type: 'string', value: 'SIZE', help: 'memory limit, swap included (512M, 2G; plain = MiB); killed beyond it' },
  env: { type: 'string', value: 'K=V', multiple: true, help: 'environment variable for the task' },
  'required-slots': { type: 'string', value: 'N', help: 'task slots the task occupies on its node, requiredSlots (multi-instance: on each node)' },
  slots: { type: 'string', value: 'N', aliasOf: 'required-slots', help: 'old name of --required-slots (--slots elsewhere is the slots of a node)' },
  'required-gpus': { type: 'string', value: 'N', help: 'GPU devices the task gets on its node, its own (CUDA_VISIBLE_DEVICES, TROUPE_GPU_IDS), requiredGpus' },
  'display-name': { type: 'string', value: 'S', help: 'a name for people' },
  instances: { type: 'string', value: 'N', help: 'multi-instance (MPI) task on N nodes at once' },
  coordination: { type: 'string', value: 'CMD', help: 'multi-instance: command line run on every instance first (no shell)' },
  'common-resource': {
    type: 'string', value: 'SRC=PATH', multiple: true,
    help: 'multi-instance: fetched on every instance into $AZ_BATCH_TASK_SHARED_DIR before the coordination command (as --resource)',
  },
  'job-token': { type: 'boolean', help: "give the task a token scoped to its job (authenticationTokenSettings access ['job']: TROUPE_TOKEN, ...)" },
  ...METADATA_OPTION,
  ...TASK_FILE_OPTIONS,
  ...USER_IDENTITY_OPTIONS,
  ...TASK_DEPENDENCY_OPTIONS,
  pty: { type: 'boolean', help: 'run it under a pseudo-terminal, for troupe task attach' },
};

/** The synopsis of TASK_SPEC_OPTIONS, for the commands that take them. */
export const TASK_SPEC_SYNOPSIS = "[--max-retries N] [--max-wall-clock D] [--max-memory SIZE] [--env K=V]... [--required-slots N] [--required-gpus N] [--display-name S] [--resource SRC=PATH]... [--output 'PATTERN=>DEST']... [--output-when WHEN] [--app NAME:VERSION]... [--instances N [--coordination CMD] [--common-resource SRC=PATH]...] [--user NAME | --auto-user-scope task|pool --elevation admin|nonadmin] [--job-token] [--depends-on ID,ID]... [--depends-on-range FROM:TO]... [--pty]";

/** The task the flags describe, its argv the words after `--`. */
export function taskSpecOf(a: CommandArgs, id: string): TaskSpec {
  const instances = a.integer('instances', { min: 1 });
  if (a.string('coordination') !== undefined && instances === undefined) throw a.usageError('--coordination needs --instances');
  const commonResourceFiles = resourceFiles(a, 'common-resource');
  if (commonResourceFiles.length > 0 && instances === undefined) throw a.usageError('--common-resource needs --instances (a task that is not multi-instance takes --resource)');
  if (a.rest.length === 0) throw a.usageError('missing the command: put it after --, e.g. -- /bin/echo hello');
  const retries = a.integer('max-retries', { min: -1 });
  const maxMemory = a.string('max-memory');
  const maxMemoryMib = maxMemory === undefined ? undefined : parseMemoryMib(maxMemory, '--max-memory');
  if (typeof maxMemoryMib === 'object') throw a.usageError(maxMemoryMib.error);
  return {
    id,
    displayName: a.string('display-name') ?? '',
    commandArgs: [...a.rest],
    environmentSettings: a.environment(),
    constraints: {
      maxWallClockTime: a.string('max-wall-clock') ?? '',
      retentionTime: a.string('retention') ?? '',
      ...(retries !== undefined ? { maxTaskRetryCount: retries } : {}),
      ...(maxMemoryMib !== undefined ? { maxMemoryMib } : {}),
    },
    requiredSlots: a.integer('required-slots', { min: 1 }) ?? 0,
    ...(a.string('required-gpus') !== undefined ? { requiredGpus: a.integer('required-gpus', { min: 0 })! } : {}),
    ...(instances !== undefined
      ? { multiInstanceSettings: { numberOfInstances: instances, coordinationCommandLine: a.string('coordination') ?? '', commonResourceFiles } }
      : {}),
    resourceFiles: resourceFiles(a),
    outputFiles: outputFiles(a),
    applicationPackageReferences: applicationPackageReferences(a),
    userIdentity: userIdentityOf(a),
    ...(a.flag('job-token') ? { authenticationTokenSettings: { access: ['job'] } } : {}),
    metadata: metadataOf(a),
    ...dependsOnField(a),
    ...(a.flag('pty') ? { pty: {} } : {}),
  };
}

function dependsOnField(a: CommandArgs): Pick<TaskSpec, 'dependsOn'> {
  const dependsOn = dependsOnOf(a);
  return dependsOn ? { dependsOn } : {};
}
