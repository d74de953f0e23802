// The simulated hosts of the test cluster (helpers/test-hosts.ts), through real daemons: each
// worker on its own network namespace and mount namespace. Checked: a task sees its own host's
// address only, /tmp and the node root are each host's own although every node has the same
// --root, hosts reach each other by IP until one is cut and again once healed, a restarted worker
// lands on its host again, a crashed run's leftovers are swept, and closing leaves nothing.
import test from 'ava';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile, readlink, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fixture, REPO, startCluster, waitForLog, type TestCluster } from './helpers/cluster.ts';
import { run } from './helpers/run-command.ts';
import { HOST_NODE_ROOT, sweepLeftovers, type TestHost } from './helpers/test-hosts.ts';

const JOB = 'hosts';
let cluster: TestCluster;
test.before(async () => {
  cluster = await startCluster({ workers: 2, hosts: true });
  await cluster.api.CreateJob({ job: { id: JOB, poolInfo: { poolId: 'testpool' } } });
});
test.after.always(() => cluster?.stop());

const nodes = ['node-1', 'node-2'] as const;
const other = (nodeId: string) => (nodeId === 'node-1' ? 'node-2' : 'node-1');

/** Runs `script` with /bin/sh inside `host`, as a process of the test. */
function inHost(host: TestHost, script: string, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  const [file, ...argv] = host.command(['/bin/sh', '-c', script, 'sh', ...args]);
  return new Promise((resolve) => {
    execFile(file!, argv, { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

interface Ran { taskId: string; nodeId: string; stdout: string }

/** Four tasks of `script`, two on each node: all are held until each node's slots are all taken
 *  (the gate is a file in the host's own /tmp, written from the root namespace), then released. */
async function runOnBothNodes(tag: string, script: string): Promise<Ran[]> {
  const ids = [0, 1, 2, 3].map((i) => `${tag}-${i}`);
  const held = `while [ ! -e /tmp/go-${tag} ]; do sleep 0.05; done; ${script}`;
  await cluster.api.AddTaskCollection({ jobId: JOB, tasks: ids.map((id) => ({ id, commandArgs: ['/bin/sh', '-c', held] })) });
  await cluster.until(`4 tasks of ${tag} running`, async () => (await cluster.api.GetTaskCounts({ jobId: JOB })).running === 4);
  for (const n of nodes) await writeFile(path.join(cluster.host(n).hostSideTmp, `go-${tag}`), '');
  const ran: Ran[] = [];
  for (const taskId of ids) {
    const task = await cluster.waitForTask(JOB, taskId);
    ran.push({ taskId, nodeId: task.executionInfo!.nodeId, stdout: await cluster.readOutput(JOB, taskId) });
  }
  return ran;
}

const nodesOf = (ran: Ran[]) => ran.map((r) => r.nodeId).sort();

test.serial("a task sees its own host's address and no other, and a gate in one host's /tmp releases only that host's tasks", async (t) => {
  const ids = [0, 1, 2, 3].map((i) => `addr-${i}`);
  const script = 'while [ ! -e /tmp/go-addr ]; do sleep 0.05; done; echo "$AZ_BATCH_NODE_ID"; export PATH="$PATH:/usr/sbin:/sbin"; ip -4 -o addr show';
  await cluster.api.AddTaskCollection({ jobId: JOB, tasks: ids.map((id) => ({ id, commandArgs: ['/bin/sh', '-c', script] })) });
  await cluster.until('4 tasks running', async () => (await cluster.api.GetTaskCounts({ jobId: JOB })).running === 4);
  const nodeOf = new Map<string, string>();
  for (const id of ids) nodeOf.set(id, (await cluster.api.GetTask({ jobId: JOB, taskId: id })).executionInfo!.nodeId);
  t.deepEqual([...nodeOf.values()].sort(), ['node-1', 'node-1', 'node-2', 'node-2']);

  // The gate in node-1's /tmp only: node-2's tasks do not see it and keep waiting.
  await writeFile(path.join(cluster.host('node-1').hostSideTmp, 'go-addr'), '');
  const onNode1 = ids.filter((id) => nodeOf.get(id) === 'node-1');
  const onNode2 = ids.filter((id) => nodeOf.get(id) === 'node-2');
  for (const id of onNode1) await cluster.waitForTask(JOB, id);
  for (const id of onNode2) t.is((await cluster.api.GetTask({ jobId: JOB, taskId: id })).state, 'running');
  await writeFile(path.join(cluster.host('node-2').hostSideTmp, 'go-addr'), '');
  for (const id of onNode2) await cluster.waitForTask(JOB, id);

  for (const id of ids) {
    const nodeId = nodeOf.get(id)!;
    const out = await cluster.readOutput(JOB, id);
    const addresses = [...out.matchAll(/inet (\S+)\//g)].map((m) => m[1]).sort();
    t.is(out.split('\n')[0], nodeId);
    t.deepEqual(addresses, ['127.0.0.1', cluster.host(nodeId).ip].sort(), out);
    t.false(out.includes(cluster.host(other(nodeId)).ip), out);
  }
  t.not(cluster.host('node-1').ip, cluster.host('node-2').ip);
});

test.serial("a file a task writes in /tmp is in its host's /tmp only: not in the other host's, not in the root namespace's", async (t) => {
  const tag = `tmp-${process.pid}`;
  const ran = await runOnBothNodes(tag, `echo "$AZ_BATCH_TASK_ID" > "/tmp/${tag}-$AZ_BATCH_TASK_ID"`);
  t.deepEqual(nodesOf(ran), ['node-1', 'node-1', 'node-2', 'node-2']);
  for (const n of nodes) {
    const mine = ran.filter((r) => r.nodeId === n).map((r) => `${tag}-${r.taskId}`).sort();
    // Seen from the root namespace, through the host's directory...
    const hostSide = (await readdir(cluster.host(n).hostSideTmp)).filter((f) => f.startsWith(`${tag}-`)).sort();
    t.deepEqual(hostSide, mine, n);
    // ... and from inside the host itself.
    const inside = await inHost(cluster.host(n), `ls /tmp | grep '^${tag}-' || true`);
    t.deepEqual(inside.stdout.trim().split('\n').sort(), mine, `${n}: ${inside.stderr}`);
    for (const f of mine) t.is(await readFile(path.join(cluster.host(n).hostSideTmp, f), 'utf8'), `${f.slice(tag.length + 1)}\n`);
  }
  t.deepEqual((await readdir('/tmp')).filter((f) => f.startsWith(`${tag}-`)), [], 'nothing in the root namespace /tmp');
});

test.serial('/dev/shm is each host\'s own (shared memory of one host is not mapped by another)', async (t) => {
  const shm = `/dev/shm/troupe-test-${process.pid}`;
  t.teardown(() => inHost(cluster.host('node-1'), `rm -f ${shm}`));
  t.is((await inHost(cluster.host('node-1'), `echo one > ${shm} && cat ${shm}`)).stdout, 'one\n');
  t.is((await inHost(cluster.host('node-2'), `test -e ${shm}`)).code, 1);
  await t.throwsAsync(stat(shm), { code: 'ENOENT' });
});

test.serial('every node has the same --root path, yet its own node root', async (t) => {
  const ran = await runOnBothNodes('root', 'echo "$AZ_BATCH_NODE_ROOT_DIR"; pwd');
  t.deepEqual(nodesOf(ran), ['node-1', 'node-1', 'node-2', 'node-2']);
  for (const n of nodes) {
    const started = JSON.parse(await waitForLog(cluster.workers.get(n)!, /"msg":"worker started"/, 1000)) as { root: string; address: string };
    t.deepEqual(started, { ...started, root: HOST_NODE_ROOT, address: cluster.host(n).ip });
    t.is(cluster.host(n).rootPath, HOST_NODE_ROOT);
  }
  t.not(cluster.nodeRoot('node-1'), cluster.nodeRoot('node-2'));
  for (const r of ran) {
    const [rootDir, wd] = r.stdout.trim().split('\n');
    t.is(rootDir, HOST_NODE_ROOT);
    t.is(wd, path.join(HOST_NODE_ROOT, `workitems/${JOB}/job-1/${r.taskId}/wd`));
    // The task's directory is in its own node's root only.
    t.true((await stat(path.join(cluster.nodeRoot(r.nodeId), `workitems/${JOB}/job-1/${r.taskId}`))).isDirectory());
    await t.throwsAsync(stat(path.join(cluster.nodeRoot(other(r.nodeId)), `workitems/${JOB}/job-1/${r.taskId}`)), { code: 'ENOENT' });
  }
  // The fixed path itself, in the root namespace, is an empty mount point.
  t.deepEqual(await readdir(HOST_NODE_ROOT), []);
});

/** From `from`, a TCP connection to ip:port: "pong ..." when it answers, "unreachable ..." when it
 *  cannot within 2 s. */
async function probe(from: TestHost, ip: string, port: number): Promise<string> {
  const script = `const s = require('net').connect(${port}, '${ip}');
    const done = (m) => { console.log(m); process.exit(0); };
    s.setTimeout(2000, () => done('unreachable: timeout'));
    s.on('data', (d) => done(String(d)));
    s.on('error', (e) => done('unreachable: ' + e.code));`;
  const [file, ...argv] = from.command([process.execPath, '-e', script]);
  return new Promise((resolve, reject) => {
    execFile(file!, argv, { timeout: 30_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout.trim())));
  });
}

test.serial('a host reaches another by IP; once that one is cut it cannot (nor can the cut host reach nats-server), once healed it can again', async (t) => {
  const [h1, h2] = [cluster.host('node-1'), cluster.host('node-2')];
  const port = 7000;
  const listenerScript = `require('net').createServer((s) => s.end('pong from ' + require('os').networkInterfaces().eth0.find((a) => a.family === 'IPv4').address))
    .listen(${port}, '${h2.ip}', () => console.log('listening'))`;
  const [file, ...argv] = h2.command([process.execPath, '-e', listenerScript]);
  const listener = spawn(file!, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(listener, 'exit');
  t.teardown(async () => {
    if (listener.exitCode === null && listener.signalCode === null) listener.kill('SIGKILL');
    await exited;
    await h2.heal();
  });
  let said = '';
  listener.stdout!.on('data', (d) => { said += String(d); });
  await cluster.until('the listener in node-2', async () => said.includes('listening'));

  t.is(await probe(h1, h2.ip, port), `pong from ${h2.ip}`);
  // Host 1's loopback is its own: host 2's listener is not there.
  t.regex(await probe(h1, '127.0.0.1', port), /^unreachable: ECONNREFUSED/);

  await h2.cut();
  t.regex(await probe(h1, h2.ip, port), /^unreachable/);
  t.regex(await probe(h2, cluster.network!.gatewayIp, cluster.nats.port), /^unreachable/);
  // The rest of the network is untouched: host 1 still reaches nats-server.
  t.regex(await probe(h1, cluster.network!.gatewayIp, cluster.nats.port), /^INFO /);

  await h2.heal();
  await cluster.until('node-2 reachable again', async () => (await probe(h1, h2.ip, port)).startsWith('pong'), 60_000);
  t.is(await probe(h1, h2.ip, port), `pong from ${h2.ip}`);
  await cluster.waitForNodes(2, 'idle');
});

test.serial('a worker crashed and started again runs on the same host: same namespaces, address and root', async (t) => {
  const host = cluster.host('node-2');
  await cluster.workers.get('node-2')!.crash();
  const restarted = await cluster.startWorker('node-2');
  t.is(cluster.host('node-2'), host);
  t.is(cluster.network!.hosts.size, 2);
  const inode = async (p: string) => (await stat(p)).ino;
  t.is(await readlink(`/proc/${restarted.process.pid}/ns/net`), `net:[${await inode(`/run/netns/${host.netns}`)}]`);
  t.not(await readlink(`/proc/${restarted.process.pid}/ns/net`), await readlink('/proc/self/ns/net'));
  t.not(await readlink(`/proc/${restarted.process.pid}/ns/mnt`), await readlink('/proc/self/ns/mnt'));
  const started = JSON.parse(await waitForLog(restarted, /"msg":"worker started"/, 1000)) as { root: string; address: string };
  t.is(started.address, host.ip);
  t.is(started.root, HOST_NODE_ROOT);
  await cluster.waitForNodes(2, 'idle');
  // What node-2 wrote before its crash is still in its root.
  const before = await readdir(path.join(cluster.nodeRoot('node-2'), `workitems/${JOB}/job-1`));
  t.true(before.some((d) => d.startsWith('root-')), before.join(' '));
});

/** Every link, network namespace and mount of network `id` left on this machine. */
async function leftovers(id: string): Promise<string[]> {
  const links = (JSON.parse(await run(['ip', '-j', 'link', 'show'])) as { ifname: string }[]).map((l) => l.ifname);
  const netnsOut = (await run(['ip', '-j', 'netns', 'list'])).trim();
  const netns = ((netnsOut ? JSON.parse(netnsOut) : []) as { name: string }[]).map((n) => n.name);
  const mounts = (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').map((l) => l.split(' ')[4] ?? '');
  return [...links, ...netns, ...mounts].filter((name) => name.includes(id));
}

test.serial("a crashed run's network is swept by the next one, and a live network is not", async (t) => {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture('crashed-test-network.ts')], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d) => { out += String(d); });
  const [, signal] = await once(child, 'exit');
  t.is(signal, 'SIGKILL');
  const crashed = JSON.parse(out) as { id: string; bridge: string; netns: string[]; veths: string[] };
  t.deepEqual((await leftovers(crashed.id)).filter((n) => !n.includes('/')).sort(), [crashed.bridge, ...crashed.netns, ...crashed.veths].sort());

  const swept = await sweepLeftovers();
  t.true(swept.includes(crashed.id), swept.join(' '));
  t.false(swept.includes(cluster.network!.id));
  t.deepEqual(await leftovers(crashed.id), []);
  t.true((await leftovers(cluster.network!.id)).includes(cluster.network!.bridge));
});

test.serial('once the cluster is stopped, no namespace, veth, bridge or mount of its network is left', async (t) => {
  const network = cluster.network!;
  const names = [network.bridge, ...[...network.hosts.values()].flatMap((h) => [h.netns, h.veth])];
  t.deepEqual((await leftovers(network.id)).filter((n) => !n.includes('/')).sort(), names.sort());
  await cluster.stop();
  t.deepEqual(await leftovers(network.id), []);
  await network.close();
  t.deepEqual(await leftovers(network.id), []);
  await t.throwsAsync(stat(cluster.dir), { code: 'ENOENT' });
});
