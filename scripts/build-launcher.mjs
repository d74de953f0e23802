#!/usr/bin/env node
// Bundles the MPI launcher (src/mpi/launcher.ts and the few modules it imports) into one ES
// module, build/troupe-mpi-launch.mjs, run by bin/troupe-mpi-launch. mpiexec starts the launcher
// once per remote daemon: from the bundle it starts in a fraction of the time tsx needs to
// compile the sources. Rebuilt only when a source or the lock file is newer than the bundle.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'build/troupe-mpi-launch.mjs');
const inputs = ['src/mpi/launcher.ts', 'src/mpi/launch-wire.ts', 'src/mpi/mpi-environment.ts', 'package-lock.json'].map((f) => path.join(root, f));

const built = existsSync(out) ? statSync(out).mtimeMs : 0;
if (inputs.every((f) => statSync(f).mtimeMs <= built)) process.exit(0);

// esbuild comes with tsx (its dependency); resolved from the project's node_modules.
const { build } = await import('esbuild');
mkdirSync(path.dirname(out), { recursive: true });
await build({
  entryPoints: [path.join(root, 'src/mpi/launcher.ts')],
  outfile: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
process.stderr.write(`setup: built ${path.relative(root, out)}\n`);
