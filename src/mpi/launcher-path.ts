// Where the troupe-mpi-launch program is: mpiexec inside a multi-instance task is pointed at it.
import { fileURLToPath } from 'node:url';

export const LAUNCHER_PATH = fileURLToPath(new URL('../../bin/troupe-mpi-launch', import.meta.url));
