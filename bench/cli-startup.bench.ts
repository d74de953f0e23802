// Start-up of the troupe command, as a ratio to `node -e 0` measured in the same run: `troupe
// --help` (nothing to load but the CLI) and `troupe pool list` against an idle cluster (the gRPC
// client, one call). Each command runs 20 times, interleaved with the others so that the
// machine's drift hits them alike; the figure is the median wall time from spawn to exit.
// Goal (issue 8): under 150 ms and under 2x `node -e 0` on the 2-core development machine.
// For reference, the same --help with the sources compiled at run time by tsx (how bin/troupe.js
// ran before the build).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startNatsServer } from '../src/cluster/nats-server.ts';
import { startCoordinator } from '../src/coordinator/coordinator-daemon.ts';
import { connectApi } from '../src/protocol/grpc/api-client.ts';
import { silentLogger } from '../src/protocol/log.ts';
import { adminToken } from './bench-token.ts';
import { REPO, TROUPE_BIN } from '../test/helpers/troupe-bin.ts';

/** --quick (or BENCH_QUICK=1): a smoke run, smaller sizes. */
const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? (QUICK ? 5 : 20));

const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-cli-bench-'));
const nats = await startNatsServer({ dataDir: path.join(dir, 'nats') });
try {
  const coordinator = await startCoordinator({ natsUrl: nats.url, listen: '127.0.0.1:0', logger: silentLogger, leaseMs: 2000, adminTokenFile: path.join(dir, 'admin.token') });
  const api = connectApi(`http://${coordinator.apiAddress}`, { token: await adminToken(dir) });
  await api.CreatePool({ pool: { id: 'bench' } });
  api.close();
  const env = { ...process.env, TROUPE_API: `http://${coordinator.apiAddress}`, TROUPE_TOKEN: await adminToken(dir), TROUPE_CONFIG: path.join(dir, 'no-config') };

  const commands: { name: string; argv: string[] }[] = [
    { name: 'node -e 0', argv: ['-e', '0'] },
    { name: 'troupe --help', argv: [TROUPE_BIN, '--help'] },
    { name: 'troupe --version', argv: [TROUPE_BIN, '--version'] },
    { name: 'troupe pool list', argv: [TROUPE_BIN, 'pool', 'list'] },
    {
      name: 'troupe --help, sources through tsx',
      argv: ['--import', 'tsx', '--input-type=module', '-e', `const { runCli } = await import(${JSON.stringify(path.join(REPO, 'src/cli/main.ts'))}); process.exitCode = await runCli(['--help'], { stdout: { write() {} }, stderr: process.stderr, stdin: process.stdin, env: process.env });`],
    },
  ];
  const times = new Map(commands.map((c) => [c.name, [] as number[]]));
  for (let i = 0; i < RUNS; i++) {
    for (const c of commands) {
      const r = await run(c.argv, env);
      if (r.status !== 0) throw new Error(`${c.name} exited ${r.status}: ${r.stderr}`);
      if (c.name === 'troupe pool list' && !r.stdout.includes('bench')) throw new Error(`pool list did not list the pool: ${r.stdout}`);
      times.get(c.name)!.push(r.ms);
    }
  }
  await coordinator.stop();

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const floor = median(times.get('node -e 0')!);
  console.log(`CLI start-up, median of ${RUNS} runs (spawn to exit), ratio to node -e 0 in the same run`);
  for (const c of commands) {
    const m = median(times.get(c.name)!);
    console.log(`  ${c.name.padEnd(36)} ${m.toFixed(0).padStart(5)} ms  ${(m / floor).toFixed(2)}x`);
  }
  for (const name of ['troupe --help', 'troupe pool list']) {
    const m = median(times.get(name)!);
    const ok = m < 150 && m / floor < 2;
    console.log(`  goal for ${name} (< 150 ms and < 2x): ${ok ? 'met' : 'not met'}`);
  }
} finally {
  await nats.stop();
  await rm(dir, { recursive: true, force: true });
}

/** Spawn to exit, asynchronously: the coordinator answering `pool list` runs in this process. */
function run(argv: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, argv, { env, cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
  });
}
