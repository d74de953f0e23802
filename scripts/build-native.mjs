#!/usr/bin/env node
// Builds the native helpers into build/ when missing or older than their source:
// - troupe-spawner (native/troupe-spawner.c): the worker's process launcher;
// - troupe-mpi-launch (native/troupe-mpi-launch.c): the MPI launcher mpiexec runs per remote daemon.
// Without a C compiler (or if compiling fails) it says so on one line and exits 0: the worker then
// launches tasks with Node's spawn and mpiexec uses the Node launcher (bin/troupe-mpi-launch),
// only slower. Uses only Node's built-ins, like setup.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (msg) => process.stderr.write(`build-native: ${msg}\n`);
const cc = process.env.CC || 'cc';

const helpers = [
  { name: 'troupe-spawner', sources: ['troupe-spawner.c', 'spawner-tasks.c', 'task-user.c'], headers: ['spawner-tasks.h', 'task-user.h'], fallback: "tasks will be launched with Node's spawn (slower, and a task's processes outlive a killed worker until it restarts)" },
  { name: 'troupe-mpi-launch', sources: ['troupe-mpi-launch.c'], headers: [], fallback: 'mpiexec will use the Node MPI launcher (slower start-up per remote daemon)' },
];

for (const { name, sources, headers, fallback } of helpers) {
  const files = sources.map((f) => path.join(root, 'native', f));
  const binary = path.join(root, `build/${name}`);
  const newest = Math.max(...[...files, ...headers.map((f) => path.join(root, 'native', f))].map((f) => statSync(f).mtimeMs));
  if (existsSync(binary) && statSync(binary).mtimeMs >= newest) continue;
  mkdirSync(path.dirname(binary), { recursive: true });
  const args = ['-O2', '-Wall', '-Wextra', '-o', binary, ...files];
  const r = spawnSync(cc, args, { stdio: 'inherit', cwd: root });
  if (r.error?.code === 'ENOENT') {
    say(`no C compiler ('${cc}'): ${fallback}; install gcc for ${name}`);
    process.exit(0);
  }
  if (r.status !== 0) {
    // Not fatal either (e.g. a glibc older than 2.29 lacks posix_spawn_file_actions_addfchdir_np).
    say(`'${cc} ${args.join(' ')}' failed (exit ${r.status ?? r.signal}): ${fallback}`);
    continue;
  }
  say(`built ${path.relative(root, binary)}`);
}
