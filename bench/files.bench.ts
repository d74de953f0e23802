// Files through troupe on a local cluster (nats-server + coordinator + 2 workers), as ratios
// against baselines measured in the same run on the same machine:
// - a 200 MB file uploaded and downloaded through the Storage API (client -> coordinator ->
//   JetStream object store, and back), against `cp` of the same file;
// - 100 tasks that each fetch the same 10 MB resource file from the store, against 100 tasks
//   without it (the same cluster, so the difference is the fetch) and against 100 `cp`s of it.
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { cpuWindow, formatCpuPerTask, withOwnCpu } from './process-cpu.ts';
import { startLocalCluster } from '../src/cli/local-cluster/local-cluster.ts';
import { connectApi, type TroupeApi } from '../src/protocol/grpc/api-client.ts';
import { StorageApi } from '../src/storage/storage-client.ts';

/** --quick (or BENCH_QUICK=1): a smoke run, smaller sizes. */
const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const BIG_MB = Number(process.env.BENCH_FILE_MB ?? (QUICK ? 20 : 200));
const RESOURCE_MB = Number(process.env.BENCH_RESOURCE_MB ?? 10);
const TASKS = Number(process.env.BENCH_RESOURCE_TASKS ?? (QUICK ? 10 : 100));
const SLOTS = 4;

const f = (x: number, d = 1) => x.toFixed(d);
const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

async function randomFile(file: string, mb: number): Promise<void> {
  const out = createWriteStream(file);
  for (let i = 0; i < mb; i++) if (!out.write(randomBytes(1024 * 1024))) await once(out, 'drain');
  out.end();
  await once(out, 'close');
}

function cp(from: string, to: string): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('cp', [from, to]);
  if (r.status !== 0) throw new Error(`cp failed: ${r.stderr}`);
  return seconds(t0);
}

async function runTasks(api: TroupeApi, jobId: string, poolId: string, tasks: object[]): Promise<number> {
  await api.CreateJob({ job: { id: jobId, poolInfo: { poolId } } });
  const t0 = process.hrtime.bigint();
  await api.AddTaskCollection({ jobId, tasks: tasks as never });
  for (;;) {
    const c = await api.GetTaskCounts({ jobId });
    if (c.completed === tasks.length) {
      if (c.succeeded !== tasks.length) throw new Error(`${jobId}: only ${c.succeeded} of ${tasks.length} succeeded`);
      return seconds(t0);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-bench-files-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const cluster = await startLocalCluster({ dataDir: dir, workers: 2, slots: SLOTS, listen: `127.0.0.1:${port}`, logDir: path.join(dir, 'logs') });
  const api = connectApi(cluster.apiAddress, cluster.credentials);
  const storage = new StorageApi(cluster.apiAddress, cluster.credentials);
  try {
    // Throughput of one big file.
    const big = path.join(dir, 'big.bin');
    await randomFile(big, BIG_MB);
    const bytes = (await stat(big)).size;
    const cpBefore = cp(big, path.join(dir, 'copy-1.bin'));
    let cpu = cpuWindow();
    let own = process.cpuUsage();
    let t0 = process.hrtime.bigint();
    await storage.uploadFile(big, 'bench/big.bin');
    const up = seconds(t0);
    const upCpu = withOwnCpu(cpu.end(), own, 'client (this process)');
    cpu = cpuWindow();
    own = process.cpuUsage();
    t0 = process.hrtime.bigint();
    await storage.downloadFile('bench/big.bin', path.join(dir, 'back.bin'));
    const down = seconds(t0);
    const downCpu = withOwnCpu(cpu.end(), own, 'client (this process)');
    const cpAfter = cp(big, path.join(dir, 'copy-2.bin'));
    const cpTime = (cpBefore + cpAfter) / 2;
    const mbps = (s: number) => bytes / 2 ** 20 / s;
    console.log(`throughput: one ${BIG_MB} MiB file through the Storage API (the client hashes it as it streams it)`);
    console.log(`  upload      ${f(mbps(up), 0)} MiB/s  (${f(up, 2)} s)`);
    console.log(`  download    ${f(mbps(down), 0)} MiB/s  (${f(down, 2)} s, SHA-256 checked by the coordinator and the client)`);
    console.log(`  cp baseline ${f(mbps(cpTime), 0)} MiB/s  (before ${f(cpBefore, 2)} s, after ${f(cpAfter, 2)} s)`);
    console.log(`  ratio upload/cp ${f(mbps(up) / mbps(cpTime), 3)}  download/cp ${f(mbps(down) / mbps(cpTime), 3)}`);
    const mib = bytes / 2 ** 20;
    console.log('  CPU per MiB uploaded, by process:');
    for (const line of formatCpuPerTask(upCpu, mib, 'MiB')) console.log(line);
    console.log('  CPU per MiB downloaded, by process:');
    for (const line of formatCpuPerTask(downCpu, mib, 'MiB')) console.log(line);
    await rm(path.join(dir, 'back.bin'));
    await rm(path.join(dir, 'copy-1.bin'));
    await rm(path.join(dir, 'copy-2.bin'));
    await storage.deleteFile('bench/big.bin');

    // Many tasks fetching one resource file.
    const resource = path.join(dir, 'resource.bin');
    await randomFile(resource, RESOURCE_MB);
    await storage.uploadFile(resource, 'bench/resource.bin');
    const plain = Array.from({ length: TASKS }, (_, i) => ({ id: `t${i}`, commandArgs: ['/bin/true'] }));
    const withResource = plain.map((t) => ({ ...t, resourceFiles: [{ storagePath: 'bench/resource.bin', filePath: 'in.bin' }] }));
    const without = await runTasks(api, 'plain', cluster.poolId, plain);
    const fetched = await runTasks(api, 'fetch', cluster.poolId, withResource);
    const copies = path.join(dir, 'copies');
    spawnSync('mkdir', ['-p', copies]);
    t0 = process.hrtime.bigint();
    for (let i = 0; i < TASKS; i++) cp(resource, path.join(copies, `c${i}.bin`));
    const cps = seconds(t0);
    console.log(`resource files: ${TASKS} tasks (/bin/true) on 2 workers x ${SLOTS} slots, each fetching the same ${RESOURCE_MB} MiB object`);
    console.log(`  with the resource file     ${f(fetched, 2)} s  (${f((TASKS * RESOURCE_MB) / fetched, 0)} MiB/s fetched in total)`);
    console.log(`  same tasks without it      ${f(without, 2)} s`);
    console.log(`  ${TASKS} x cp of the file       ${f(cps, 2)} s`);
    console.log(`  ratio with/without ${f(fetched / without, 2)}  with/cp ${f(fetched / cps, 2)}  fetch cost per task ${f(((fetched - without) / TASKS) * 1000, 1)} ms`);
  } finally {
    storage.close();
    api.close();
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
