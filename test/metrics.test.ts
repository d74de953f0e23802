// The coordinator's and the workers' Prometheus metrics reflect the cluster as it is.
import test from 'ava';
import https from 'node:https';
import { startCluster, type TestCluster } from './helpers/cluster.ts';

let cluster: TestCluster;
test.after.always(() => cluster?.stop());
test.before(async () => {
  // No test here loses a node: a node timeout a loaded machine cannot reach keeps a healthy but
  // slow worker from being declared offline (the metrics count nodes by state exactly).
  cluster = await startCluster({ workers: 2, slots: 2, nodeTimeout: '60s' });
});

/** GET over HTTPS, the daemon's certificate checked against the cluster's CA. */
function get(urlPath: string, ca: Buffer | null = cluster.credentials.ca, address = cluster.metricsAddress): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(`https://${address}${urlPath}`, ca ? { ca } : {}, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

async function scrape(address = cluster.metricsAddress): Promise<Map<string, number>> {
  const res = await get('/metrics', cluster.credentials.ca, address);
  if (res.status !== 200) throw new Error(`status ${res.status}`);
  const samples = new Map<string, number>();
  for (const line of res.body.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

test.serial('metrics count tasks by job and state, nodes by state, slots, and retries', async (t) => {
  await cluster.api.CreateJob({ job: { id: 'measured', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTaskCollection({ jobId: 'measured', tasks: [
    { id: 'ok1', commandArgs: ['/bin/true'] },
    { id: 'ok2', commandArgs: ['/bin/true'] },
    { id: 'bad', commandArgs: ['/bin/false'], constraints: { maxTaskRetryCount: 1 } },
  ] });
  await cluster.waitForJobTasks('measured', 3);
  const m = await scrape();
  t.is(m.get('troupe_tasks{job="measured",state="succeeded"}'), 2);
  t.is(m.get('troupe_tasks{job="measured",state="failed"}'), 1);
  t.is(m.get('troupe_tasks{job="measured",state="active"}'), 0);
  t.is(m.get('troupe_nodes{pool="testpool",state="idle"}'), 2);
  t.is(m.get('troupe_task_slots'), 4);
  t.is(m.get('troupe_task_slots_used'), 0);
  t.is(m.get('troupe_jobs{state="active"}'), 1);
  t.is(m.get('troupe_task_retries_total'), 1);
  t.true((m.get('troupe_task_transitions_total{state="completed"}') ?? 0) >= 3);
  // The coordinator's own health: its event loop's delay (seconds) and its heap.
  const maxDelay = m.get('troupe_coordinator_event_loop_delay_seconds{quantile="1"}');
  t.true(maxDelay !== undefined && maxDelay >= 0 && Number.isFinite(maxDelay), `event loop delay max ${maxDelay}`);
  t.true((m.get('troupe_coordinator_heap_used_bytes') ?? 0) > 1e6);
  const missing = await get('/nope');
  t.is(missing.status, 404);
  // TLS like the API: a plain HTTP scrape, or CAs that did not sign the certificate, get nothing.
  await t.throwsAsync(fetch(`http://${cluster.metricsAddress}/metrics`));
  await t.throwsAsync(get('/metrics', null), { message: /certificate/ }); // the system's CAs only
});

/** A worker's samples, summed over both workers (which one ran a task is the scheduler's choice). */
async function scrapeWorkers(): Promise<Map<string, number>> {
  const sum = new Map<string, number>();
  for (const address of cluster.workerMetricsAddresses.values()) {
    for (const [k, v] of await scrape(address)) sum.set(k, (sum.get(k) ?? 0) + v);
  }
  return sum;
}

/** The workers' samples once no attempt runs on them any more. */
const settled = () => cluster.until('the workers to run nothing', async () => {
  const m = await scrapeWorkers();
  return m.get('troupe_worker_tasks_running') === 0 ? m : undefined;
});

test.serial('worker metrics: slots, task durations and launch latency as histograms, exits by result, resource file fetches, output uploads', async (t) => {
  t.is(cluster.workerMetricsAddresses.size, 2);
  // A runner leaves the node's books just after its exit report is sent, so a task the
  // coordinator already shows completed may still hold its slot here for a moment.
  const before = await settled();
  t.is(before.get('troupe_worker_task_slots'), 4, 'two workers of two slots');
  t.is(before.get('troupe_worker_task_slots_used'), 0);
  const durationsBefore = before.get('troupe_worker_task_duration_seconds_count{result="success"}') ?? 0;
  const failuresBefore = before.get('troupe_worker_task_duration_seconds_count{result="failure"}') ?? 0;
  const launchesBefore = before.get('troupe_worker_task_launch_latency_seconds_count') ?? 0;
  const fetchesBefore = before.get('troupe_worker_resource_file_fetches_total{source="inline"}') ?? 0;
  const fetchFailuresBefore = before.get('troupe_worker_resource_file_fetch_failures_total{source="http"}') ?? 0;

  await cluster.api.CreateJob({ job: { id: 'worker-metrics', poolInfo: { poolId: 'testpool' } } });
  const payload = Buffer.alloc(3000, 'x');
  await cluster.api.AddTaskCollection({ jobId: 'worker-metrics', tasks: [
    { id: 'fetching', commandArgs: ['/bin/sh', '-c', 'test -s in.txt && echo out > result.txt'], resourceFiles: [{ inlineContent: payload, filePath: 'in.txt' }],
      outputFiles: [{ filePattern: 'result.txt', destination: 'worker-metrics/result.txt' }] },
    { id: 'ok', commandArgs: ['/bin/sleep', '1'] },
    { id: 'exit3', commandArgs: ['/bin/sh', '-c', 'exit 3'], constraints: { maxTaskRetryCount: 0 } },
    // Never runs: its URL answers nothing (port 9, discard), so its fetch fails.
    { id: 'nofetch', commandArgs: ['/bin/true'], resourceFiles: [{ httpUrl: 'http://127.0.0.1:9/none', filePath: 'none' }], constraints: { maxTaskRetryCount: 0 } },
  ] });
  await cluster.waitForJobTasks('worker-metrics', 4);
  const m = await settled();
  // Two succeeded (fetching, ok), one failed by its exit code: each ran, so each has a duration.
  t.is((m.get('troupe_worker_task_duration_seconds_count{result="success"}') ?? 0) - durationsBefore, 2);
  t.is((m.get('troupe_worker_task_duration_seconds_count{result="failure"}') ?? 0) - failuresBefore, 1);
  // The histogram's buckets are cumulative: 'ok' slept 1 s, so it is not in the 0.1 s bucket. (A
  // duration runs from when the worker learned of the spawn, later than the spawn on a loaded
  // machine: hence a margin, not 1 s exactly.)
  t.true((m.get('troupe_worker_task_duration_seconds_bucket{le="+Inf",result="success"}') ?? 0) >= 2);
  t.true((m.get('troupe_worker_task_duration_seconds_sum{result="success"}') ?? 0) >= 0.5);
  t.true((m.get('troupe_worker_task_duration_seconds_bucket{le="0.1",result="success"}') ?? 0) < (m.get('troupe_worker_task_duration_seconds_bucket{le="+Inf",result="success"}') ?? 0));
  // Three processes started (the fourth never did).
  t.is((m.get('troupe_worker_task_launch_latency_seconds_count') ?? 0) - launchesBefore, 3);
  t.true((m.get('troupe_worker_task_exits_total{result="failure",code="ExitCode"}') ?? 0) >= 1);
  t.true((m.get('troupe_worker_task_exits_total{result="failure",code="ResourceFileDownloadError"}') ?? 0) >= 1);
  t.true((m.get('troupe_worker_task_exits_total{result="success",code=""}') ?? 0) >= 2);
  t.is((m.get('troupe_worker_resource_file_fetches_total{source="inline"}') ?? 0) - fetchesBefore, 1);
  t.true((m.get('troupe_worker_resource_file_bytes_total{source="inline"}') ?? 0) >= payload.length);
  t.is((m.get('troupe_worker_resource_file_fetch_failures_total{source="http"}') ?? 0) - fetchFailuresBefore, 1);
  t.true((m.get('troupe_worker_resource_file_fetch_duration_seconds_count{source="inline"}') ?? 0) >= 1);
  t.true((m.get('troupe_worker_output_file_uploads_total') ?? 0) >= 1);
  t.true((m.get('troupe_worker_output_file_bytes_total') ?? 0) >= 4);
  t.is(m.get('troupe_worker_task_slots_used'), 0);
  t.is(m.get('troupe_worker_tasks_running'), 0);
  // TLS as the coordinator's: no plain HTTP.
  await t.throwsAsync(fetch(`http://${[...cluster.workerMetricsAddresses.values()][0]}/metrics`));
});

test.serial('a running task holds its slots in the worker metrics', async (t) => {
  await cluster.api.CreateJob({ job: { id: 'worker-slots', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTask({ jobId: 'worker-slots', task: { id: 'long', commandArgs: ['/bin/sleep', '300'], requiredSlots: 2 } });
  await cluster.waitForTask('worker-slots', 'long', 'running');
  const m = await cluster.until('the worker metrics to show the running task', async () => {
    const m = await scrapeWorkers();
    return m.get('troupe_worker_tasks_running') === 1 ? m : undefined;
  });
  t.is(m.get('troupe_worker_task_slots_used'), 2);
  await cluster.api.TerminateTask({ jobId: 'worker-slots', taskId: 'long' });
  await cluster.waitForTask('worker-slots', 'long');
  const after = await cluster.until('the worker metrics to show no running task', async () => {
    const m = await scrapeWorkers();
    return m.get('troupe_worker_tasks_running') === 0 ? m : undefined;
  });
  t.is(after.get('troupe_worker_task_slots_used'), 0);
});
