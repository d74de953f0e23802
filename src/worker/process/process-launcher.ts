// How the worker starts task processes. Two launchers with one behaviour (see process-group.ts:
// own process group, exit code as a shell reports it, SIGTERM-then-SIGKILL to the group, the rest
// of the group killed when the main process exits):
//
//   SpawnerLauncher  native/troupe-spawner (posix_spawn from a tiny helper): the default, when
//                    build/troupe-spawner exists (node scripts/build-native.mjs) and starts.
//   NodeLauncher     child_process.spawn: a fork of the whole worker, ~1.7 ms of its CPU per task.
//
// If the helper dies, launches in flight fail (they may or may not have started), tasks it was
// watching end with a lost exit status, and new tasks go through NodeLauncher: logged once.
// Env TROUPE_SPAWNER: the helper's path, or 'off' for Node's spawn.
//
// Each launch is a unit of the node's TaskContainment (task-containment.ts): everything it
// starts ends with it. A launch with resource limits gets cgroups of its own from the node's
// ResourceLimits (resource-limits.ts), which only the spawner can enforce: Node's spawn cannot
// put a process in a cgroup before it runs, so with NodeLauncher the node enforces none.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { mkdir, open, stat, type FileHandle } from 'node:fs/promises';
import type { Logger } from '../../protocol/log.ts';
import { OutputFileError, spawnGroup, WorkingDirectoryError, type ProcessExit, type SpawnedGroup } from './process-group.ts';
import { DEFAULT_SPAWNER_PATH, SpawnerClient } from './spawner-client.ts';
import { killProcessesCarrying } from './straggler-sweep.ts';
import { MARKER_VARIABLE, markerNeedle, TaskContainment, type ContainmentKind } from './task-containment.ts';
import type { LaunchOptions, ProcessLauncher } from './process-launch.ts';
import { ResourceLimits, ResourceLimitsUnavailableError, type UnitLimits } from './resource-limits.ts';
import type { ResourceLimitsKind } from '../../protocol/records/resource-limits.ts';
import { prepareTaskDir } from '../users/task-dirs.ts';

export type { LaunchOptions, ProcessLauncher } from './process-launch.ts';

export class NodeLauncher implements ProcessLauncher {
  readonly kind = 'node';

  /** Without a containment, only the group is killed (as a launcher of the spawner's tests). */
  constructor(private readonly containment?: TaskContainment) {}

  get containmentKind(): ContainmentKind {
    return 'process-group';
  }

  get resourceLimitsKind(): ResourceLimitsKind {
    return 'none';
  }

  async launch(argv: string[], opts: LaunchOptions): Promise<SpawnedGroup> {
    if (opts.limits?.maxMemoryMib !== undefined) {
      throw new ResourceLimitsUnavailableError(`this node cannot enforce the task's memory limit of ${opts.limits.maxMemoryMib} MiB: tasks are launched with Node's spawn, which cannot put a process in cgroups before it runs`);
    }
    if (!this.containment) return this.spawn(argv, opts);
    const { marker } = this.containment.nextUnit();
    const group = await this.spawn(argv, { ...opts, env: { ...opts.env, [MARKER_VARIABLE]: marker } });
    // What left the group is found by its marker once the task ends.
    const exited = group.exited.then(async (exit) => {
      await killProcessesCarrying(markerNeedle(marker), 0);
      return exit;
    });
    let killing: Promise<ProcessExit> | undefined;
    return { pid: group.pid, ...(group.marker ? { marker: group.marker } : {}), exited, kill: (graceMs) => (killing ??= group.kill(graceMs).then(() => exited)) };
  }

  private async spawn(argv: string[], opts: LaunchOptions): Promise<SpawnedGroup> {
    try {
      if (opts.user && opts.taskDir) await prepareTaskDir(opts.taskDir, opts.cwd, opts.user);
      else await mkdir(opts.cwd, { recursive: true });
    } catch (err) {
      throw new WorkingDirectoryError(opts.cwd, (err as NodeJS.ErrnoException).code, (err as Error).message);
    }
    const stdout = await openOutput(opts.stdoutPath, opts.user);
    try {
      const stderr = await openOutput(opts.stderrPath, opts.user);
      try {
        return await spawnGroup(argv, { cwd: opts.cwd, env: opts.env, stdoutFd: stdout.fd, stderrFd: stderr.fd, user: opts.user });
      } finally {
        await stderr.close().catch(() => {}); // the child holds its own copies
      }
    } finally {
      await stdout.close().catch(() => {});
    }
  }

  async close(): Promise<void> {}
}

export class SpawnerLauncher implements ProcessLauncher {
  private fallback?: NodeLauncher;

  constructor(private readonly client: SpawnerClient, log: Logger, private readonly containment?: TaskContainment, private readonly limits?: ResourceLimits) {
    void client.died.then((reason) => {
      this.fallback = new NodeLauncher(containment?.withoutCgroups());
      log.error("task launcher died: launching tasks with Node's spawn from now on", { reason });
    });
  }

  get kind(): ProcessLauncher['kind'] {
    return this.fallback ? 'node' : 'troupe-spawner';
  }

  get containmentKind(): ContainmentKind {
    return this.fallback ? 'process-group' : this.containment?.kind ?? 'process-group';
  }

  get resourceLimitsKind(): ResourceLimitsKind {
    return this.fallback ? 'none' : this.limits?.kind ?? 'none';
  }

  async launch(argv: string[], opts: LaunchOptions): Promise<SpawnedGroup> {
    if (this.fallback) return this.fallback.launch(argv, opts);
    // The spawner makes a task directory only as the parent of cwd (the node layout's).
    if (opts.user && opts.taskDir && path.dirname(opts.cwd) !== opts.taskDir) {
      try {
        await prepareTaskDir(opts.taskDir, opts.cwd, opts.user);
      } catch (err) {
        throw new WorkingDirectoryError(opts.cwd, (err as NodeJS.ErrnoException).code, (err as Error).message);
      }
      const { taskDir: _prepared, ...rest } = opts;
      opts = rest;
    }
    const unit = this.containment?.nextUnit();
    const limited = opts.limits && (await (this.limits ?? NO_LIMITS).prepare(opts.limits));
    if (!limited) return this.client.launch(argv, opts, unit);
    let group: SpawnedGroup;
    try {
      group = await this.client.launch(argv, opts, unit, limited.spawnerField(unit?.cgroupParent));
    } catch (err) {
      await limited.discard();
      throw err;
    }
    return readLimitsAtExit(group, limited);
  }

  /** Also removes the node's resource-limit directories (empty once its tasks are gone). */
  async close(): Promise<void> {
    await this.client.close();
    await this.limits?.release();
  }
}

/** For a launcher made without limits: refuses memory limits, like a node that has none. */
const NO_LIMITS = ResourceLimits.none('this launcher was given no resource limits');

/** The group, whose exit also says whether the kernel killed it for memory; its limit cgroups
 *  are removed once it has exited. */
function readLimitsAtExit(group: SpawnedGroup, limited: UnitLimits): SpawnedGroup {
  const exited = group.exited.then(async (exit) => {
    const { memoryLimitHit } = await limited.ended();
    return memoryLimitHit ? { ...exit, memoryLimitHit } : exit;
  });
  let killing: Promise<ProcessExit> | undefined;
  return { pid: group.pid, exited, kill: (graceMs) => (killing ??= group.kill(graceMs).then(() => exited)) };
}

export interface LauncherSetup {
  nodeId: string;
  /** The node's root directory: with nodeId, the key of its markers and cgroups. */
  root: string;
  /** This run of the worker (its boot id). */
  runId: string;
  /** SIGTERM -> SIGKILL grace of the tasks the helper ends when the worker is gone. */
  orphanGraceMs: number;
  /** A weaker containment than the best the node offers (tests, operators). */
  prefer?: ContainmentKind;
  log: Logger;
  /** The helper's path; 'off' = Node's spawn. Default: env TROUPE_SPAWNER, else the built one. */
  binary?: string;
  /** Most processes per task (pids.max); undefined = unlimited. */
  taskPidsMax?: number;
  /** A weaker resource-limits kind than the best the node offers (tests, operators). */
  preferLimits?: ResourceLimitsKind;
}

/** The launcher (the helper when it exists and starts, else Node's spawn) and the best task
 *  containment it can give on this node; says which. */
export async function createProcessLauncher(setup: LauncherSetup): Promise<{ launcher: ProcessLauncher; containment: TaskContainment; limits: ResourceLimits }> {
  const { log } = setup;
  const binary = setup.binary ?? (process.env.TROUPE_SPAWNER || DEFAULT_SPAWNER_PATH);
  let client: SpawnerClient | undefined;
  if (binary === 'off') {
    log.info("launching tasks with Node's spawn (TROUPE_SPAWNER=off)");
  } else if (!existsSync(binary)) {
    log.info("launching tasks with Node's spawn: no troupe-spawner (build it with 'node scripts/build-native.mjs')", { path: binary });
  } else {
    // This run's markers only: a worker restarted at once must not have its new tasks killed by
    // the old run's spawner, still ending the old ones.
    const runPrefix = `${TaskContainment.markerPrefixFor(setup.nodeId, await stat(setup.root))}${setup.runId}.`;
    client = await SpawnerClient.start(binary, setup.orphanGraceMs, runPrefix).catch((err) => {
      log.warn("troupe-spawner did not start: launching tasks with Node's spawn", { path: binary, err });
      return undefined;
    });
  }
  let containment = await TaskContainment.detect({ ...setup, spawner: client !== undefined });
  // Nothing of an earlier run of this node may run on once this one says it is alive.
  await containment.sweepLeftovers(log);
  if (client && containment.kind === 'cgroup-v2') {
    // A kernel without clone3 into a cgroup, or a seccomp filter that refuses clone3 (container
    // runtimes often do), shows only when trying.
    // Twice: the second reuses the first one's cgroup, as most tasks will.
    let probe: Error | undefined;
    for (let i = 0; i < 2 && !probe; i++) {
      probe = await client.launch(['/bin/true'], { cwd: '/', env: {}, stdoutPath: '/dev/null', stderrPath: '/dev/null' }, containment.nextUnit())
        .then((g) => g.exited)
        .then((exit) => (exit.exitCode === 0 ? undefined : new Error(`/bin/true in its own cgroup exited with ${exit.exitCode}`)), (err: Error) => err);
    }
    if (probe) {
      log.info('task containment: cannot start tasks in their own cgroup, using the subreaper and markers', { reason: probe.message });
      containment = containment.withoutCgroups();
    }
  }
  const limits = await detectLimits(setup, client, containment);
  if (client) log.info('launching tasks with troupe-spawner', { path: binary, containment: containment.kind, resourceLimits: limits.kind });
  else log.info('task containment', { containment: containment.kind, resourceLimits: limits.kind });
  if (limits.reason) log.info('resource limits: tasks run unlimited, and are given no memory limit', { reason: limits.reason });
  const launcher = client ? new SpawnerLauncher(client, log, containment, limits) : new NodeLauncher(containment);
  return { launcher, containment, limits };
}

/** The node's resource limits, tried once with a limited /bin/true: what the files allow may
 *  still fail at the clone (seccomp, a read-only hierarchy). */
async function detectLimits(setup: LauncherSetup, client: SpawnerClient | undefined, containment: TaskContainment): Promise<ResourceLimits> {
  const nodeKey = TaskContainment.markerPrefixFor(setup.nodeId, await stat(setup.root)).slice(0, -1);
  const limits = await ResourceLimits.detect({
    nodeKey, runId: setup.runId, spawner: client !== undefined, log: setup.log,
    ...(containment.kind === 'cgroup-v2' && containment.cgroupDir ? { cgroupV2Dir: containment.cgroupDir } : {}),
    ...(setup.taskPidsMax === undefined ? {} : { pidsMax: setup.taskPidsMax }),
    ...(setup.preferLimits ? { prefer: setup.preferLimits } : {}),
  });
  // Nothing an earlier run of this node left may keep its cgroups.
  await limits.sweepLeftovers(setup.log);
  if (!client || limits.kind === 'none') return limits;
  const probe = await limits.prepare({ maxMemoryMib: 64, requiredSlots: 2 })
    .then(async (unit) => {
      const unitOf = containment.nextUnit();
      const exit = await client.launch(['/bin/true'], { cwd: '/', env: {}, stdoutPath: '/dev/null', stderrPath: '/dev/null' }, unitOf, unit!.spawnerField(unitOf.cgroupParent))
        .then((g) => g.exited, async (err: Error) => { await unit!.discard(); throw err; });
      await unit!.ended();
      return exit.exitCode === 0 ? undefined : new Error(`/bin/true with limits exited with ${exit.exitCode}`);
    })
    .catch((err: Error) => err);
  return probe ? await limits.withoutLimits(`${limits.kind} limits could not be applied: ${probe.message}`) : limits;
}

async function openOutput(path: string, user: LaunchOptions['user']): Promise<FileHandle> {
  try {
    const handle = await open(path, 'w');
    if (user) await handle.chown(user.uid, user.gid).catch(async (err) => { await handle.close(); throw err; });
    return handle;
  } catch (err) {
    throw new OutputFileError(path, (err as NodeJS.ErrnoException).code, (err as Error).message);
  }
}
