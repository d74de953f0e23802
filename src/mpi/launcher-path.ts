// Where the troupe-mpi-launch program is: mpiexec inside a multi-instance task is pointed at it.
// The native launcher (build/troupe-mpi-launch, native/troupe-mpi-launch.c, relaying through the
// local worker) when it was built; else the Node one, which calls the remote worker itself.
import { existsSync } from 'node:fs';
import { packagePath } from '../protocol/package-root.ts';

export const NATIVE_LAUNCHER_PATH = packagePath('build', 'troupe-mpi-launch');
export const NODE_LAUNCHER_PATH = packagePath('bin', 'troupe-mpi-launch');
export const LAUNCHER_PATH = existsSync(NATIVE_LAUNCHER_PATH) ? NATIVE_LAUNCHER_PATH : NODE_LAUNCHER_PATH;
