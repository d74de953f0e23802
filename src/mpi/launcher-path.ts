// Where the troupe-mpi-launch program is: mpiexec inside a multi-instance task is pointed at it.
// The native launcher (build/troupe-mpi-launch, native/troupe-mpi-launch.c, relaying through the
// local worker) when it was built; else the Node one, which calls the remote worker itself.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const NATIVE_LAUNCHER_PATH = fileURLToPath(new URL('../../build/troupe-mpi-launch', import.meta.url));
export const NODE_LAUNCHER_PATH = fileURLToPath(new URL('../../bin/troupe-mpi-launch', import.meta.url));
export const LAUNCHER_PATH = existsSync(NATIVE_LAUNCHER_PATH) ? NATIVE_LAUNCHER_PATH : NODE_LAUNCHER_PATH;
