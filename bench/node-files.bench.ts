// Files on nodes and live output, through a local cluster (nats-server + coordinator + 1 worker),
// as ratios against baselines measured in the same run:
// - GetTaskFile of a large file (coordinator <- NATS <- worker, 256 KiB chunks) against reading
//   the same file straight from disk in this process;
// - --follow lag: from a task writing a line (its own ns clock) to the client receiving it,
//   against one plain GetTaskOutput round trip of a few bytes through the coordinator.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startLocalCluster } from '../src/cli/local-cluster/local-cluster.ts';
import { connectApi, type TroupeApi } from '../src/protocol/grpc/api-client.ts';

/** --quick (or BENCH_QUICK=1): a smoke run, smaller sizes. */
const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const FILE_MB = Number(process.env.BENCH_FILE_MB ?? (QUICK ? 10 : 100));
const FOLLOW_LINES = Number(process.env.BENCH_FOLLOW_LINES ?? 40);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const f = (x: number, d = 1) => x.toFixed(d);

function drain(call: NodeJS.EventEmitter, onData?: (b: Buffer) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    call.on('data', (c: { data: Buffer }) => { bytes += c.data.length; onData?.(c.data); });
    call.on('end', () => resolve(bytes));
    call.on('error', reject);
  });
}

async function waitCompleted(api: TroupeApi, jobId: string, taskId: string) {
  for (;;) {
    const t = await api.GetTask({ jobId, taskId });
    if (t.state === 'completed') return t;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-bench-files-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const cluster = await startLocalCluster({ dataDir: dir, workers: 1, slots: 2, listen: `127.0.0.1:${port}`, logDir: path.join(dir, 'logs') });
  const api = connectApi(cluster.apiAddress, cluster.credentials);
  try {
    await api.CreateJob({ job: { id: 'files', poolInfo: { poolId: cluster.poolId } } });
    await api.AddTask({ jobId: 'files', task: { id: 'big', commandLine: `/bin/dd if=/dev/zero of=big.bin bs=1M count=${FILE_MB}` } });
    const task = await waitCompleted(api, 'files', 'big');
    if (task.executionInfo!.result !== 'success') throw new Error('could not write the file');
    const local = path.join(dir, 'nodes', task.executionInfo!.nodeId, 'workitems/files/job-1/big/wd/big.bin');

    const t0 = process.hrtime.bigint();
    const got = await drain(api.raw.GetTaskFile({ jobId: 'files', taskId: 'big', path: 'wd/big.bin' }));
    const viaApi = Number(process.hrtime.bigint() - t0) / 1e9;
    if (got !== FILE_MB * 1024 * 1024) throw new Error(`read ${got} bytes`);
    const t1 = process.hrtime.bigint();
    await new Promise<void>((resolve, reject) => createReadStream(local, { highWaterMark: 256 * 1024 }).on('data', () => {}).on('end', resolve).on('error', reject));
    const direct = Number(process.hrtime.bigint() - t1) / 1e9;
    console.log(`GetTaskFile: ${FILE_MB} MB through the coordinator`);
    console.log(`  troupe       ${f(FILE_MB / viaApi, 0)} MB/s  (${f(viaApi, 2)} s)`);
    console.log(`  local read   ${f(FILE_MB / direct, 0)} MB/s  (${f(direct, 3)} s, same file, this process)`);
    console.log(`  ratio troupe/local ${f(direct / viaApi, 3)}`);

    // Follow lag.
    await api.AddTask({
      jobId: 'files',
      task: { id: 'ticker', commandLine: `/bin/sh -c 'for i in $(seq ${FOLLOW_LINES}); do date +%s%N; sleep 0.1; done'` },
    });
    const lags: number[] = [];
    let partial = '';
    await drain(api.raw.GetTaskOutput({ jobId: 'files', taskId: 'ticker', stream: 'stdout', follow: true }), (b) => {
      const now = BigInt(Date.now()) * 1_000_000n; // ms resolution on the client's side
      partial += b.toString();
      const lines = partial.split('\n');
      partial = lines.pop()!;
      for (const l of lines) lags.push(Number(now - BigInt(l)) / 1e6);
    });
    const trips: number[] = [];
    for (let i = 0; i < 50; i++) {
      const s = process.hrtime.bigint();
      await drain(api.raw.GetTaskOutput({ jobId: 'files', taskId: 'ticker', stream: 'stdout', offset: 0, length: 8 }));
      trips.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    console.log(`follow: lag from a task's write to the client, ${lags.length} lines 100 ms apart`);
    console.log(`  troupe --follow     p50 ${f(pct(lags, 50))} ms  p99 ${f(pct(lags, 99))} ms`);
    console.log(`  one output request  p50 ${f(pct(trips, 50), 2)} ms  p99 ${f(pct(trips, 99), 2)} ms  (GetTaskOutput of 8 bytes)`);
    console.log(`  ratio p50 lag/request ${f(pct(lags, 50) / Math.max(0.01, pct(trips, 50)), 1)}`);
  } finally {
    api.close();
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
