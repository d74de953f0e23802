// exec through a local cluster (client -> coordinator -> worker over mutual TLS, and back), as
// ratios against baselines measured in the same run:
// - latency: `exec /bin/true` start to exit, against a GetTask round trip through the same
//   coordinator (the cost of any call) plus a local spawn of /bin/true (the cost of the process);
// - throughput: `exec head -c N /dev/zero` to the client, against the same command's pipe read
//   locally in this process.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startLocalCluster } from '../src/cli/local-cluster/local-cluster.ts';
import { connectApi } from '../src/protocol/grpc/api-client.ts';
import { terminalClient } from '../src/cli/terminal/terminal-client.ts';

const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const RUNS = QUICK ? 10 : 50;
const MB = QUICK ? 10 : 100;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

function execOnce(client: ReturnType<typeof terminalClient>, command: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const call = client.Exec();
    let bytes = 0;
    call.on('data', (out) => { bytes += out.stdout?.length ?? 0; });
    call.on('error', reject);
    call.on('status', (s) => { if (s.code === 0) resolve(bytes); });
    call.write({ start: { jobId: 'bench', taskId: 'host', command, tty: false, stdin: false } });
  });
}

function localOnce(command: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'ignore'] });
    let bytes = 0;
    child.stdout.on('data', (c: Buffer) => { bytes += c.length; });
    child.on('error', reject);
    child.on('close', () => resolve(bytes));
  });
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-bench-terminal-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const cluster = await startLocalCluster({ dataDir: dir, workers: 1, slots: 2, listen: `127.0.0.1:${port}`, logDir: path.join(dir, 'logs') });
  const api = connectApi(cluster.apiAddress, cluster.credentials);
  const client = terminalClient(cluster.apiAddress, cluster.credentials);
  try {
    await api.CreateJob({ job: { id: 'bench', poolInfo: { poolId: cluster.poolId } } });
    await api.AddTask({ jobId: 'bench', task: { id: 'host', commandArgs: ['/bin/sleep', '3600'] } });
    while ((await api.GetTask({ jobId: 'bench', taskId: 'host' })).state !== 'running') await new Promise((r) => setTimeout(r, 20));
    await execOnce(client, ['/bin/true']); // channels up
    const viaExec: number[] = [];
    const unary: number[] = [];
    const local: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      let t0 = process.hrtime.bigint();
      await execOnce(client, ['/bin/true']);
      viaExec.push(ms(t0));
      t0 = process.hrtime.bigint();
      await api.GetTask({ jobId: 'bench', taskId: 'host' });
      unary.push(ms(t0));
      t0 = process.hrtime.bigint();
      await localOnce(['/bin/true']);
      local.push(ms(t0));
    }
    const baseline = pct(unary, 50) + pct(local, 50);
    console.log(`exec /bin/true, ${RUNS} runs: p50 ${pct(viaExec, 50).toFixed(1)} ms, p99 ${pct(viaExec, 99).toFixed(1)} ms`);
    console.log(`  baseline GetTask p50 ${pct(unary, 50).toFixed(1)} ms + local spawn p50 ${pct(local, 50).toFixed(1)} ms = ${baseline.toFixed(1)} ms; ratio ${(pct(viaExec, 50) / baseline).toFixed(2)}`);

    const command = ['/usr/bin/head', '-c', String(MB * 1024 * 1024), '/dev/zero'];
    let t0 = process.hrtime.bigint();
    const got = await execOnce(client, command);
    const execS = ms(t0) / 1000;
    if (got !== MB * 1024 * 1024) throw new Error(`exec relayed ${got} bytes`);
    t0 = process.hrtime.bigint();
    await localOnce(command);
    const localS = ms(t0) / 1000;
    console.log(`exec output, ${MB} MiB: ${(MB / execS).toFixed(0)} MiB/s; local pipe ${(MB / localS).toFixed(0)} MiB/s; ratio ${(localS / execS).toFixed(3)}`);
  } finally {
    client.close();
    api.close();
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
