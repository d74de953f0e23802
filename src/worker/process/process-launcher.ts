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
import { existsSync } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import type { Logger } from '../../protocol/log.ts';
import { OutputFileError, spawnGroup, WorkingDirectoryError, type SpawnedGroup } from './process-group.ts';
import { DEFAULT_SPAWNER_PATH, SpawnerClient } from './spawner-client.ts';
import type { LaunchOptions, ProcessLauncher } from './process-launch.ts';

export type { LaunchOptions, ProcessLauncher } from './process-launch.ts';

export class NodeLauncher implements ProcessLauncher {
  readonly kind = 'node';

  async launch(argv: string[], opts: LaunchOptions): Promise<SpawnedGroup> {
    try {
      await mkdir(opts.cwd, { recursive: true });
    } catch (err) {
      throw new WorkingDirectoryError(opts.cwd, (err as NodeJS.ErrnoException).code, (err as Error).message);
    }
    const stdout = await openOutput(opts.stdoutPath);
    try {
      const stderr = await openOutput(opts.stderrPath);
      try {
        return await spawnGroup(argv, { cwd: opts.cwd, env: opts.env, stdoutFd: stdout.fd, stderrFd: stderr.fd });
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

  constructor(private readonly client: SpawnerClient, log: Logger) {
    void client.died.then((reason) => {
      this.fallback = new NodeLauncher();
      log.error("task launcher died: launching tasks with Node's spawn from now on", { reason });
    });
  }

  get kind(): ProcessLauncher['kind'] {
    return this.fallback ? 'node' : 'troupe-spawner';
  }

  launch(argv: string[], opts: LaunchOptions): Promise<SpawnedGroup> {
    return this.fallback ? this.fallback.launch(argv, opts) : this.client.launch(argv, opts);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

/** The helper when it exists and starts, else Node's spawn; says which. */
export async function createProcessLauncher(log: Logger, binary = process.env.TROUPE_SPAWNER || DEFAULT_SPAWNER_PATH): Promise<ProcessLauncher> {
  if (binary === 'off') {
    log.info("launching tasks with Node's spawn (TROUPE_SPAWNER=off)");
    return new NodeLauncher();
  }
  if (!existsSync(binary)) {
    log.info("launching tasks with Node's spawn: no troupe-spawner (build it with 'node scripts/build-native.mjs')", { path: binary });
    return new NodeLauncher();
  }
  try {
    const client = await SpawnerClient.start(binary);
    log.info('launching tasks with troupe-spawner', { path: binary });
    return new SpawnerLauncher(client, log);
  } catch (err) {
    log.warn("troupe-spawner did not start: launching tasks with Node's spawn", { path: binary, err });
    return new NodeLauncher();
  }
}

async function openOutput(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'w');
  } catch (err) {
    throw new OutputFileError(path, (err as NodeJS.ErrnoException).code, (err as Error).message);
  }
}
