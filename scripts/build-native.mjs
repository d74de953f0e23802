#!/usr/bin/env node
// Builds build/troupe-spawner (the worker's process launcher, native/troupe-spawner.c) when it is
// missing or older than its source. Without a C compiler (or if compiling fails) it says so on
// one line and exits 0: the worker then launches tasks with Node's spawn, only slower.
// Uses only Node's built-ins, like setup.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'native/troupe-spawner.c');
const binary = path.join(root, 'build/troupe-spawner');
const say = (msg) => process.stderr.write(`build-native: ${msg}\n`);

if (existsSync(binary) && statSync(binary).mtimeMs >= statSync(source).mtimeMs) process.exit(0);

const cc = process.env.CC || 'cc';
mkdirSync(path.dirname(binary), { recursive: true });
const args = ['-O2', '-Wall', '-Wextra', '-o', binary, source];
const r = spawnSync(cc, args, { stdio: 'inherit', cwd: root });
if (r.error?.code === 'ENOENT') {
  say(`no C compiler ('${cc}'): tasks will be launched with Node's spawn (slower); install gcc for troupe-spawner`);
  process.exit(0);
}
if (r.status !== 0) {
  // Not fatal either (e.g. a glibc older than 2.29 lacks posix_spawn_file_actions_addfchdir_np).
  say(`'${cc} ${args.join(' ')}' failed (exit ${r.status ?? r.signal}): tasks will be launched with Node's spawn (slower)`);
  process.exit(0);
}
say(`built ${path.relative(root, binary)}`);
