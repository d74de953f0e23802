#!/usr/bin/env node
// Builds the JavaScript that bin/troupe.js, both daemons and the MPI launcher run, into dist/:
// esbuild bundles src/ and its dependencies into two entry points (troupe.js: the CLI and the
// daemons; troupe-mpi-launch.js: the Node MPI launcher) that share chunks, and code loaded with
// import() (the daemons, the gRPC client, storage, a local cluster) lands in chunks of its own,
// read only by the commands that use them. One bundled file loads in a fraction of the time
// Node takes to resolve and read the hundreds of files of @grpc/grpc-js and protobufjs, which is
// most of a short command's start-up (see bench/cli-startup.bench.ts). tsc type-checks (npm
// test); nothing compiles TypeScript at run time.
//
// Rebuilt from clean only when a source, a tsconfig, package.json or the lock file is newer than
// the last build, so a ready tree costs a few milliseconds and moved sources leave nothing
// behind. Builders take turns (a lock directory), since every test process may ask at once. A package made by `npm pack` carries dist/ built (prepack): installing it needs none of
// this.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.built');
const say = (msg) => process.stderr.write(`build: ${msg}\n`);

function newestInput() {
  let newest = Math.max(...['tsconfig.json', 'package.json', 'package-lock.json', 'scripts/build.mjs'].map((f) => statSync(path.join(root, f)).mtimeMs));
  const walk = (dir, ext) => {
    newest = Math.max(newest, statSync(dir).mtimeMs); // a file added, removed or renamed
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p, ext);
      else if (e.name.endsWith(ext)) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(path.join(root, 'proto'), '.proto');
  walk(path.join(root, 'src'), '.ts');
  return newest;
}

if (!existsSync(path.join(root, 'src'))) process.exit(0); // an installed package: dist/ came built
const force = process.argv.includes('--force');
const current = () => existsSync(stamp) && statSync(stamp).mtimeMs >= newestInput();
if (!force && current()) process.exit(0);

// One builder at a time; the others wait for it, then find the build current. A lock left by a
// builder that was killed is taken over after LOCK_STALE_MS.
const lock = path.join(root, '.build.lock');
const LOCK_STALE_MS = 120_000;
for (;;) {
  try {
    mkdirSync(lock);
    break;
  } catch (err) {
    if (err.code !== 'EEXIST') throw err;
    if (Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
    await sleep(100);
  }
}
const unlock = () => rmSync(lock, { recursive: true, force: true });
process.on('exit', unlock);
if (!force && current()) process.exit(0);

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  say("esbuild is not installed: run 'npm install' (or 'npm start', which sets everything up)");
  process.exit(1);
}
const started = Date.now();
// The services' parsed descriptor goes into the bundle (src/protocol/grpc/proto-descriptor.ts says why), parsed
// by that module itself, run from the sources.
const { tsImport } = await import('tsx/esm/api');
const { protoDescriptor } = await tsImport('../src/protocol/grpc/proto-descriptor.ts', import.meta.url);
// Built beside, then swapped in: a daemon or command starting meanwhile finds the old build or the
// new one, never a half-written or missing one.
const next = `${dist}.next`;
const old = `${dist}.old`;
rmSync(next, { recursive: true, force: true });
mkdirSync(next, { recursive: true });
await esbuild.build({
  absWorkingDir: root,
  entryPoints: { troupe: 'src/cli/main.ts', 'troupe-mpi-launch': 'src/mpi/launcher.ts' },
  outdir: path.relative(root, next),
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  define: { TROUPE_PROTO_DESCRIPTOR: JSON.stringify(protoDescriptor()) },
  // Native add-ons (and the optional ones their packages look for) stay in node_modules, and so
  // does @grpc/proto-loader, which grpc-js requires only to serve channelz or ORCA: 260 KB that
  // every API command would otherwise parse. grpc-health-check and @grpc/reflection read their
  // .proto files beside their own modules (__dirname), so they stay there too.
  external: ['msgpackr-extract', '@msgpackr-extract/*', 'node-pty', '@grpc/proto-loader', 'grpc-health-check', '@grpc/reflection'],
  // Bundled CommonJS packages call require() for Node's built-ins: give ES modules one.
  banner: { js: "import { createRequire as troupeCreateRequire } from 'node:module'; const require = troupeCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
writeFileSync(path.join(next, '.built'), `${new Date().toISOString()}\n`);
rmSync(old, { recursive: true, force: true });
if (existsSync(dist)) renameSync(dist, old);
renameSync(next, dist);
rmSync(old, { recursive: true, force: true });
say(`bundled src/ into dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
