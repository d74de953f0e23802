// The coordinator's Prometheus metrics reflect the cluster as it is.
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

/** GET over HTTPS, the coordinator's certificate checked against the cluster's CA. */
function get(urlPath: string, ca: Buffer | null = cluster.credentials.ca): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(`https://${cluster.metricsAddress}${urlPath}`, ca ? { ca } : {}, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

async function scrape(): Promise<Map<string, number>> {
  const res = await get('/metrics');
  if (res.status !== 200) throw new Error(`status ${res.status}`);
  const samples = new Map<string, number>();
  for (const line of res.body.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

test('metrics count tasks by job and state, nodes by state, slots, and retries', async (t) => {
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
