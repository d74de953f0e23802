// The locked-down NATS of the test cluster (the same as `troupe up`'s and a real deployment's):
// TLS with client certificates, a user per daemon, and per-subject permissions, so that a
// compromised node can speak for itself only. Each test acts as a client of its own against the
// real nats-server that the real daemons use. Serial: one test disables a node for a while.
import test, { type ExecutionContext } from 'ava';
import net from 'node:net';
import { connect, type NatsConnection, type Status } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { startCluster, waitForLog, type TestCluster } from './helpers/cluster.ts';
import { decode, encode } from '../src/protocol/nats/codec.ts';
import { dispatchSubject, reportSubject, STREAM_REPORTS, BUCKET_TASKS, taskKey } from '../src/protocol/nats/subjects.ts';
import { inboxPrefix } from '../src/security/nats-permissions.ts';
import type { ReportBatch } from '../src/protocol/nats/messages.ts';

let cluster: TestCluster;

test.before(async () => {
  cluster = await startCluster({ workers: 2, slots: 1 });
});
test.after.always(() => cluster?.stop());

/** A client holding node-2's credentials and certificate: what an attacker who took node-2 has. */
async function asNode2(): Promise<NatsConnection> {
  const identity = cluster.natsSecurity.identity({ role: 'worker', nodeId: 'node-2' });
  return connect({
    servers: cluster.nats.url,
    ...(await cluster.natsSecurity.local.connectOptionsAs(identity)),
    inboxPrefix: inboxPrefix({ role: 'worker', nodeId: 'node-2' }),
  });
}

/** Resolves with the first permission violation NATS reports on `nc` for `subject`. */
function violationOn(nc: NatsConnection, subject: string): Promise<Error> {
  return (async () => {
    for await (const s of nc.status() as AsyncIterable<Status>) {
      if (s.type === 'error' && /permission/i.test(String(s.error?.message)) && String(s.error?.message).includes(subject)) return s.error as Error;
    }
    throw new Error('connection closed without a permission violation');
  })();
}

/** A task of its own that runs until terminated, on node-1. */
async function runningTaskOnNode1(t: ExecutionContext, jobId: string): Promise<{ uid: string; attempt: number }> {
  await cluster.api.CreateJob({ job: { id: jobId, poolInfo: { poolId: cluster.opts.pool } } });
  t.teardown(() => cluster.api.TerminateJob({ jobId }).then(() => {}));
  // Node-2 is disabled meanwhile, so the task can only go to node-1.
  await cluster.api.DisableNodeScheduling({ nodeId: 'node-2' });
  try {
    await cluster.api.AddTask({ jobId, task: { id: 't', commandArgs: ['/bin/sleep', '600'] } });
    const task = await cluster.waitForTask(jobId, 't', 'running');
    if (task.executionInfo?.nodeId !== 'node-1') throw new Error(`task ran on ${task.executionInfo?.nodeId}`);
  } finally {
    await cluster.api.EnableNodeScheduling({ nodeId: 'node-2' });
  }
  // The dispatch's fencing token, as the coordinator stored it (read as admin).
  const admin = await cluster.connectNats();
  try {
    const kv = await new Kvm(admin).open(BUCKET_TASKS);
    const record = decode<{ uid: string; exec: { attempt: number } }>((await kv.get(taskKey(jobId, 't')))!.value);
    return { uid: record.uid, attempt: record.exec.attempt };
  } finally {
    await admin.close();
  }
}

test.serial('a NATS client without credentials is refused', async (t) => {
  const identity = cluster.natsSecurity.identity({ role: 'worker', nodeId: 'node-1' });
  const { tls } = await cluster.natsSecurity.local.connectOptionsAs(identity);
  // TLS right (the CA, a client certificate of it), but no nkey.
  const err = await t.throwsAsync(connect({ servers: cluster.nats.url, tls, reconnect: false }));
  t.regex(err!.message, /authorization/i);
});

test.serial('a client without TLS, or without a client certificate, is refused by the TLS server', async (t) => {
  // Plain TCP: the server's INFO says TLS is required, and a CONNECT in clear is not answered
  // with a PONG but with an error and a closed connection.
  const { port } = new URL(cluster.nats.url);
  const said = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    let text = '';
    socket.on('data', (d) => {
      text += d.toString();
      if (text.includes('\r\n') && !text.includes('CONNECT-SENT')) {
        socket.write('CONNECT {"verbose":false,"pedantic":false}\r\nPING\r\n');
        text += 'CONNECT-SENT';
      }
    });
    socket.on('close', () => resolve(text));
    socket.on('error', () => resolve(text));
    setTimeout(() => reject(new Error(`still open after 20 s: ${text}`)), 20_000).unref();
  });
  t.regex(said, /"tls_required":true/);
  t.notRegex(said, /PONG/);

  // TLS with the CA but no certificate of its own: mutual TLS refuses it.
  const identity = cluster.natsSecurity.identity({ role: 'worker', nodeId: 'node-1' });
  const { tls, authenticator } = await cluster.natsSecurity.local.connectOptionsAs(identity);
  await t.throwsAsync(connect({ servers: cluster.nats.url, tls: { ca: tls!.ca! }, authenticator, reconnect: false }));
});

test.serial("a worker's credentials cannot publish on another node's report subject: NATS refuses it and the task does not change", async (t) => {
  const { uid, attempt } = await runningTaskOnNode1(t, 'forged-1');
  const nc = await asNode2();
  t.teardown(() => nc.close());
  const admin = await cluster.connectNats();
  t.teardown(() => admin.close());
  const jsm = await jetstreamManager(admin);
  const before = (await jsm.streams.info(STREAM_REPORTS)).state.last_seq;

  const forged: ReportBatch = { reports: [{ kind: 'exited', jobId: 'forged-1', taskId: 't', uid, attempt, nodeId: 'node-1', time: new Date().toISOString(), exitCode: 0 } as never] };
  const refused = violationOn(nc, reportSubject('node-1'));
  const err = await t.throwsAsync(jetstream(nc).publish(reportSubject('node-1'), encode(forged), { timeout: 10_000 }));
  t.regex(err!.message, /permission/i);
  t.regex((await refused).message, /publish/i);

  // Nothing reached the reports stream, and the task runs on.
  t.is((await jsm.streams.info(STREAM_REPORTS)).state.last_seq, before);
  t.is((await cluster.api.GetTask({ jobId: 'forged-1', taskId: 't' })).state, 'running');
});

test.serial("a report naming another node on the worker's own subject is stored but refused by the coordinator", async (t) => {
  const { uid, attempt } = await runningTaskOnNode1(t, 'forged-2');
  const nc = await asNode2();
  t.teardown(() => nc.close());
  const forged: ReportBatch = { reports: [{ kind: 'exited', jobId: 'forged-2', taskId: 't', uid, attempt, nodeId: 'node-1', time: new Date().toISOString(), exitCode: 0 } as never] };
  await jetstream(nc).publish(reportSubject('node-2'), encode(forged));
  await waitForLog(cluster.coordinator, /"msg":"dropped reports naming another node than their subject".*"nodeId":"node-1"/, 30_000);
  t.is((await cluster.api.GetTask({ jobId: 'forged-2', taskId: 't' })).state, 'running');
});

test.serial("a worker's credentials cannot receive another node's dispatches", async (t) => {
  const nc = await asNode2();
  t.teardown(() => nc.close());
  const refused = violationOn(nc, dispatchSubject('node-1'));
  const sub = nc.subscribe(dispatchSubject('node-1'));
  t.regex((await refused).message, /subscription/i);
  // The subscription is closed with that error, and nothing ever came through it.
  const closed = await sub.closed;
  t.truthy(closed);
  t.is(sub.getReceived(), 0);
});

test.serial("a worker's credentials cannot read the tasks bucket", async (t) => {
  const nc = await asNode2();
  t.teardown(() => nc.close());
  const jsm = await jetstreamManager(nc);
  // Neither a message get nor a direct get nor a consumer (a watch) of the tasks' stream.
  await t.throwsAsync(jsm.streams.getMessage(`KV_${BUCKET_TASKS}`, { last_by_subj: `$KV.${BUCKET_TASKS}.>` }), { message: /permission/i });
  await t.throwsAsync(jsm.direct.getMessage(`KV_${BUCKET_TASKS}`, { last_by_subj: `$KV.${BUCKET_TASKS}.x.y` }), { message: /permission/i });
  await t.throwsAsync(jsm.consumers.add(`KV_${BUCKET_TASKS}`, { name: 'peek', filter_subject: `$KV.${BUCKET_TASKS}.>` }), { message: /permission/i });
});

test.serial("a worker's own work still runs end to end under its permissions", async (t) => {
  await cluster.api.CreateJob({ job: { id: 'own-work', poolInfo: { poolId: cluster.opts.pool } } });
  await cluster.api.AddTaskCollection({ jobId: 'own-work', tasks: Array.from({ length: 6 }, (_, i) => ({ id: `t${i}`, commandArgs: ['/bin/sh', '-c', `echo out-${i}`] })) });
  await cluster.waitForJobTasks('own-work', 6);
  const nodes = new Set<string>();
  for (let i = 0; i < 6; i++) {
    const task = await cluster.api.GetTask({ jobId: 'own-work', taskId: `t${i}` });
    t.is(task.executionInfo?.exitCode, 0);
    nodes.add(task.executionInfo!.nodeId);
    t.is(await cluster.readOutput('own-work', `t${i}`), `out-${i}\n`);
  }
  t.true(nodes.size >= 1);
  // No daemon of the cluster ran into its permissions.
  // (The test's own clients above have no name; the daemons' are troupe-worker-*, troupe-coordinator.)
  t.notRegex(cluster.nats.logs(), /"[^"]*troupe-(worker|coordinator)[^"]*" - \w+ Violation/);
});
