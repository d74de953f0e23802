// Compiles the small MPI programs of test/fixtures/mpi/ at test time, into a temporary directory,
// once with Open MPI's and once with MPICH's compiler (a program runs only under the mpiexec of
// the MPI it was built with). A missing compiler fails the test with the package to install.
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const FIXTURES = fileURLToPath(new URL('../fixtures/mpi/', import.meta.url));

export type MpiFlavour = 'openmpi' | 'mpich';
export const MPI_FLAVOURS: Record<MpiFlavour, { mpicc: string; mpiexec: string; packages: string }> = {
  openmpi: { mpicc: 'mpicc.openmpi', mpiexec: 'mpiexec.openmpi', packages: 'openmpi-bin libopenmpi-dev' },
  mpich: { mpicc: 'mpicc.mpich', mpiexec: 'mpiexec.mpich', packages: 'mpich' },
};

export interface MpiPrograms {
  /** The directory holding every program: <dir>/<flavour>/<name>. */
  dir: string;
  /** Absolute path of fixture `name` (hello, allreduce, abort, hang) built for `flavour`. */
  path(flavour: MpiFlavour, name: string): string;
  remove(): void;
}

export async function compileMpiPrograms(): Promise<MpiPrograms> {
  const dir = mkdtempSync(path.join(tmpdir(), 'troupe-mpi-programs-'));
  chmodSync(dir, 0o755); // the tasks that run them are unprivileged users
  const sources = readdirSync(FIXTURES).filter((f) => f.endsWith('.c'));
  try {
    for (const [flavour, { mpicc, packages }] of Object.entries(MPI_FLAVOURS)) {
      const out = path.join(dir, flavour);
      await run('mkdir', ['-p', out]);
      await Promise.all(
        sources.map(async (source) => {
          try {
            await run(mpicc, ['-O1', '-o', path.join(out, source.replace(/\.c$/, '')), path.join(FIXTURES, source)]);
          } catch (err) {
            const e = err as NodeJS.ErrnoException & { stderr?: string };
            if (e.code === 'ENOENT') throw new Error(`${mpicc} not found on PATH: install ${packages}`);
            throw new Error(`${mpicc} ${source} failed: ${e.stderr ?? e.message}`);
          }
        }),
      );
    }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    dir,
    path: (flavour, name) => path.join(dir, flavour, name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
