// The built troupe programs that tests run as processes (daemons, the CLI, the MPI launcher).
// They run dist/, so a test process first brings the build up to date with the sources
// (scripts/build.mjs: a no-op when current, a fraction of a second otherwise): editing src/ and
// running one test file never tests stale code.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
execFileSync(process.execPath, [path.join(REPO, 'scripts/build.mjs')], { stdio: 'inherit' });

export const TROUPE_BIN = path.join(REPO, 'bin/troupe.js');
export const NODE_MPI_LAUNCHER = path.join(REPO, 'bin/troupe-mpi-launch');
