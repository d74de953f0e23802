// One name per concept across the CLI (issue 14 item 6): every flag of every command is in the
// table below with the one thing it means, so a new flag (or an old one reused) has to be
// placed here by whoever adds it: a name already taken for something else is then visible in
// review, and the checks below keep the two that were split apart (--slots, --retries) apart.
import test from 'ava';
import { COMMANDS } from '../../src/cli/main.ts';
import { API_OPTIONS } from '../../src/cli/command.ts';

/** flag -> the one concept it names, in every command that has it. */
const CONCEPTS: Record<string, string> = {
  address: 'the IP a node is reached at', 'admin-token-file': 'the admin token file', 'allow-admin-tasks': "the pool's allowAdminTasks",
  'api-advertise': "the API address tasks see", app: 'an application package reference', 'auto-user-scope': "an auto-user's scope",
  'clear-metadata': 'remove every metadata item', 'common-resource': "multi-instance commonResourceFiles", config: 'a daemon config file',
  containment: 'task containment kind', coordination: "the multi-instance coordination command", coordinator: 'the coordinator (token scope)',
  'data-dir': "troupe up's data directory", 'display-name': 'displayName', 'do-not-run-after': 'schedule doNotRunAfter',
  'do-not-run-until': 'schedule doNotRunUntil', elevation: "an auto-user's elevationLevel", env: 'environment settings (of the task or of every task of the job)',
  file: "the input file of the command's object(s)", fill: 'nodeFillType', formula: 'autoScaleFormula', 'formula-file': 'autoScaleFormula, read from a file',
  interval: 'autoScaleEvaluationInterval', filter: 'OData $filter', follow: 'follow output as it is written',
  format: 'archive format', heartbeat: 'heartbeat interval', id: "the id of the command's object", instances: 'multiInstanceSettings.numberOfInstances',
  'inter-node-communication': 'enableInterNodeCommunication', job: 'a job id', 'job-manager': 'the job manager command line',
  'job-manager-id': "the job manager task's id", 'job-manager-keep-job': 'killJobOnCompletion false', 'job-manager-no-token': 'no job manager token',
  'job-manager-shared': 'runExclusive false', 'job-token': 'authenticationTokenSettings job', keep: "keep the demo's data", 'launch-port': 'MPI launch port', 'low-priority': 'a low-priority node (isDedicated false)',
  lease: 'leadership lease', length: 'bytes to read', listen: 'the API listen address', max: 'at most N results', 'max-memory': 'maxMemoryMib',
  'max-parallel-tasks': 'maxParallelTasks', 'max-retries': 'maxTaskRetryCount', 'max-wall-clock': 'maxWallClockTime', metadata: 'a metadata item',
  metrics: 'the metrics listen address', 'mpi-startup-timeout': 'MPI startup timeout', name: "the name of the command's object (application, token)",
  nats: 'NATS server URLs', 'nats-cluster': 'NATS cluster size', 'nats-creds': 'NATS credentials file', 'nats-nkey': 'NATS nkey seed file',
  node: 'a node id (token scope)', 'node-id': "the worker's node id", 'node-timeout': 'node offline timeout', 'object-cache-mib': 'object cache size',
  offset: 'first byte to read', 'on-all-tasks-complete': 'onAllTasksComplete', 'on-task-failure': 'onTaskFailure', 'uses-task-dependencies': 'usesTaskDependencies', 'depends-on': 'dependsOn taskIds', 'depends-on-range': 'dependsOn taskIdRanges', pty: 'run under a pseudo-terminal', dashboard: 'the dashboard address', 'no-dashboard': 'no dashboard', interactive: 'exec: relay stdin', tty: 'exec: a terminal', 'detach-keys': 'attach: keys that detach', replay: 'attach: show the scrollback first', option: 'what happens to running tasks (disable option)',
  out: 'where generated credentials go', output: "task output files, or the -o output format (task add's --output takes both)",
  'output-when': 'output files uploadCondition', path: 'a path in a node or task directory', plaintext: 'no TLS', pool: 'a pool id',
  prefix: 'a store path prefix', prep: 'the job preparation command line', 'prep-no-wait': 'job preparation waitForSuccess false',
  priority: 'job priority', 'ranks-per-node': 'the slots (MPI ranks) of each instance', reason: 'terminateReason', 'recurrence-interval': 'recurrenceInterval',
  recursive: 'list recursively', release: 'the job release command line', replace: 'replace an existing package', replicas: 'JetStream replicas',
  'required-slots': "requiredSlots: the slots a task occupies", 'required-gpus': 'requiredGpus: the GPU devices a task holds',
  gpus: 'the GPU devices of a node', notice: 'a preemption notice period', force: 'preempt a dedicated node too', resource: 'resource files', 'resource-limits': 'resource limit kind',
  retention: 'retentionTime', 'retention-sweep': 'retention sweep interval', role: 'token role', root: "a node's root directory",
  samples: 'demo samples per task', schedule: 'a job schedule id', select: 'OData $select', slots: 'the task slots of a node',
  'start-task': 'the start task command line', 'start-task-retries': "the start task's maxTaskRetryCount", 'start-task-wait': 'start task waitForSuccess',
  'start-window': 'schedule startWindow', state: 'filter by state', stderr: 'stderr instead of stdout', 'stop-on-stdin-close': 'stop when stdin closes',
  subtask: 'a subtask id', 'task-links': 'task links directory', 'task-pids-max': 'task process limit', 'task-uid-range': 'task uid range',
  tasks: 'demo task count', 'tls-ca': 'TLS CA file', 'tls-cert': 'TLS certificate file', 'tls-key': 'TLS key file', to: 'a store destination',
  deallocation: 'nodeDeallocationOption: what happens to the running tasks of nodes that go', 'target-dedicated': 'targetDedicatedNodes',
  'target-low-priority': 'targetLowPriorityNodes', 'resize-timeout': 'resizeTimeout', 'node-provider': "the pool's node provider kind",
  'provider-start': "the command provider's start command", 'provider-stop': "the command provider's stop command", 'provider-timeout': "the command provider's timeout",
  'offline-node-removal': 'how long an offline node stays', 'local-workers-dir': "the local provider's directory", 'local-worker-args': "the local provider's worker arguments",
  user: "a pool user account's name to run as", 'user-account': 'a pool user account', version: 'a package version', workers: 'worker count',
  api: 'the API address', token: 'the API token', ca: "the API's CA", help: 'help',
};

/** Old names that still mean something else elsewhere during their deprecation release (task
 *  commands' --slots, now --required-slots): to be emptied when the aliases go. */
const TRANSITIONAL_ALIASES = new Set(['slots']);

const commands = COMMANDS.map((c) => ({ name: c.path.join(' '), options: { ...c.options, ...(c.usesApi ? API_OPTIONS : {}) } }));

test('every flag of every command is in the concept table (a new flag is placed there on purpose)', (t) => {
  const missing = new Set<string>();
  for (const c of commands) {
    for (const [flag, spec] of Object.entries(c.options)) if (!spec.aliasOf && !(flag in CONCEPTS)) missing.add(`${flag} (troupe ${c.name})`);
  }
  t.deepEqual([...missing], []);
  t.true(commands.length > 50);
});

test('an old flag name is only an alias of an option of the same command, never a flag of its own', (t) => {
  for (const c of commands) {
    for (const [flag, spec] of Object.entries(c.options)) {
      if (!spec.aliasOf) continue;
      t.truthy(c.options[spec.aliasOf], `troupe ${c.name}: --${flag} is an alias of --${spec.aliasOf}, which it lacks`);
      const twoMeanings = flag in CONCEPTS && CONCEPTS[flag] !== CONCEPTS[spec.aliasOf];
      t.false(twoMeanings && !TRANSITIONAL_ALIASES.has(flag), `troupe ${c.name}: --${flag} would mean two things`);
    }
  }
});

test('--slots is the slots of a node wherever it is a flag; a task takes --required-slots; retries are --max-retries', (t) => {
  for (const c of commands) {
    const slots = c.options.slots;
    if (slots && !slots.aliasOf) t.regex(slots.help, /slots (per node|per worker|of this node)/, `troupe ${c.name}`);
    if (c.options.retries) t.is(c.options.retries.aliasOf, 'max-retries', `troupe ${c.name}: --retries is only the old name of --max-retries`);
  }
  for (const name of ['task add', 'run', 'submit']) {
    const c = commands.find((x) => x.name === name)!;
    t.truthy(c.options['required-slots'], name);
    t.is(c.options.slots?.aliasOf, 'required-slots', name);
    t.truthy(c.options['max-retries'], name);
  }
});

test('ids of pools, jobs, nodes and schedules are the first argument, --id only on create or as a deprecated alias', (t) => {
  const objectGroups = ['pool', 'job', 'node', 'schedule'];
  for (const command of COMMANDS) {
    if (!objectGroups.includes(command.path[0]!) || command.path[1] === 'create' || command.path[1] === 'list') continue;
    const id = command.options.id;
    if (!id) continue;
    t.regex(id.help, /^deprecated/, `troupe ${command.path.join(' ')}: --id names its object: take it as the first argument`);
    t.is(command.maxPositionals, 1, `troupe ${command.path.join(' ')}`);
  }
});
