// `npm run bench`: every benchmark, one after the other, each in its own process.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const benches = ['cli-startup.bench.ts', 'scheduler.bench.ts', 'spawn.bench.ts', 'cluster.bench.ts', 'restart.bench.ts', 'mpi.bench.ts', 'node-files.bench.ts', 'files.bench.ts', 'stall.bench.ts', 'watch.bench.ts', 'control-plane.bench.ts', 'security.bench.ts', 'schedule.bench.ts', 'list-filter.bench.ts', 'unknown-fields.bench.ts', 'terminal.bench.ts', 'dashboard.bench.ts', 'dependency-chain.bench.ts', 'dependency-graph.bench.ts', 'autoscale-sample.bench.ts', 'task-memory.bench.ts'];
let failed = 0;
for (const b of benches) {
  console.log(`\n== ${b}`);
  // Arguments (--quick) go to every benchmark; those that know them make a smoke run.
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, b), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
