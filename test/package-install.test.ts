// The package a user installs: `npm pack` of this tree (from a copy holding only what git tracks
// or would track, as a clean clone would), `npm install -g` of the tarball into a prefix of its own,
// then the installed `troupe` from an unrelated directory: --version, --help, the demo, and a
// `troupe up` cluster answering the installed CLI. Nothing here runs from the repository.
import test from 'ava';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import https from 'node:https';
import { taskScratchDir } from './helpers/scratch-dir.ts';
import os from 'node:os';
import path from 'node:path';
import { REPO } from './helpers/troupe-bin.ts';
import { freePort } from '../src/cli/local-cluster/ports.ts';

const VERSION = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

test('npm pack makes a package that installs with npm install -g and works from any directory', async (t) => {
  t.timeout(600_000); // an npm install from the registry (or its cache) on a loaded machine
  const dir = await taskScratchDir(path.join(os.tmpdir(), 'troupe-package-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));

  // A copy of the tree as a clean clone has it (tracked and untracked-but-not-ignored files, so
  // uncommitted work is tested too), with the repository's node_modules for the build.
  const tree = path.join(dir, 'tree');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' })
    .split('\0').filter((f) => f && existsSync(path.join(REPO, f)));
  for (const f of files) {
    mkdirSync(path.dirname(path.join(tree, f)), { recursive: true });
    cpSync(path.join(REPO, f), path.join(tree, f));
  }
  symlinkSync(path.join(REPO, 'node_modules'), path.join(tree, 'node_modules'));
  execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: tree, stdio: ['ignore', 'ignore', 'pipe'] });
  const tarball = path.join(dir, `troupe-${VERSION}.tgz`);
  t.true(existsSync(tarball), `npm pack made ${readdirSync(dir).join(', ')}`);

  const prefix = path.join(dir, 'global');
  execFileSync('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball], {
    cwd: dir, stdio: ['ignore', 'ignore', 'pipe'],
  });
  const installed = path.join(prefix, 'lib/node_modules/troupe');
  const troupe = path.join(prefix, 'bin/troupe');
  t.false(existsSync(path.join(installed, 'src')), 'the package carries the build, not the sources');
  t.true(existsSync(path.join(installed, 'build/troupe-spawner')), 'the native task spawner was built on install');

  const elsewhere = path.join(dir, 'elsewhere');
  mkdirSync(elsewhere);
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    execFileSync(troupe, args, { cwd: elsewhere, encoding: 'utf8', env: { ...process.env, ...env } });
  t.is(run(['--version']).trim(), `troupe ${VERSION}`);
  t.regex(run(['--help']), /usage: troupe <command>/);
  t.regex(run(['demo']), /pi ~ 3\.1\d*/);

  // troupe up in the foreground, as a user runs it; the installed CLI talks to it.
  const listen = `127.0.0.1:${await freePort()}`;
  // A home of its own: troupe up writes the CLI's config there, where the CLI then finds it.
  const config = { XDG_CONFIG_HOME: path.join(dir, 'home-config') };
  const up = spawn(troupe, ['up', '--workers', '1', '--listen', listen, '--data-dir', path.join(dir, 'up')], { cwd: elsewhere, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...config } });
  let upOutput = '';
  up.stdout.on('data', (d) => (upOutput += d));
  up.stderr.on('data', (d) => (upOutput += d));
  const exited = new Promise<number | null>((resolve) => up.on('exit', (code) => resolve(code)));
  t.teardown(() => up.kill('SIGKILL'));
  const deadline = Date.now() + 120_000;
  while (!/1 workers joined pool 'local'/.test(upOutput)) {
    if (up.exitCode !== null) t.fail(`troupe up exited ${up.exitCode}:\n${upOutput}`);
    if (Date.now() > deadline) t.fail(`troupe up did not get ready:\n${upOutput}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // No flag and no variable: the API's address, its CA and the admin token come from the config
  // file troupe up wrote.
  const nodes = JSON.parse(run(['node', 'list', '-o', 'json'], config)) as { id: string; state: string }[];
  t.deepEqual(nodes.map((n) => n.id), ['local-1']);
  // The dashboard's page ships in the package: served from the installed copy, over troupe up's TLS.
  // Its URL is printed after the workers joined, before the last line.
  while (!/Ctrl-C to stop/.test(upOutput)) {
    if (up.exitCode !== null || Date.now() > deadline) t.fail(`troupe up did not finish starting:\n${upOutput}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const dashboard = /dashboard: (https:\/\/\S+\/)#token=\S+ \(the browser will not know troupe up's CA: (\S+)\)/.exec(upOutput);
  t.truthy(dashboard, upOutput);
  for (const asset of ['', 'dashboard.js', 'dashboard.css']) {
    const page = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      https.get(`${dashboard![1]}${asset}`, { ca: readFileSync(dashboard![2]!) }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      }).on('error', reject);
    });
    t.is(page.status, 200, `${asset}: ${page.body}`);
    t.true(page.body.length > 500, asset);
  }
  up.kill('SIGINT');
  t.is(await exited, 0, upOutput);
});
