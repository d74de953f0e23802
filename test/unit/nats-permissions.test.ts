// The NATS permissions of troupe's daemons as data (the integration side is
// test/nats-security.test.ts), and the checks on a daemon's seed file.
import test from 'ava';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { coordinatorPermissions, inboxPrefix, workerPermissions } from '../../src/security/nats-permissions.ts';
import { renderAuthorization } from '../../src/cluster/nats-server-config.ts';
import { createNkeyUser, loadNkeySeed, NatsCredentialsError, writeSeedFile } from '../../src/security/nats-credentials.ts';

test("a worker publishes and subscribes to its own node's subjects only, and never creates consumers or asks for direct gets", (t) => {
  const p = workerPermissions('n7');
  const shared = /^(\$O\.troupe_files\.>|\$JS\.API\.(INFO|STREAM\.(INFO|MSG\.GET|PURGE)\.[A-Za-z_]+))$/;
  for (const s of p.publish.allow) t.true(s.split('.').includes('n7') || shared.test(s), `publish ${s}`);
  t.true(p.publish.allow.includes('troupe.report.n7'));
  t.true(p.publish.allow.includes('troupe.node.n7.heartbeat'));
  t.false(p.publish.allow.some((s) => /CONSUMER|DIRECT|\*|troupe\.report\.>/.test(s.replace('$KV.troupe_job_node_tasks.*.n7', ''))));
  t.false(p.publish.allow.some((s) => /KV_troupe_(tasks|jobs|nodes)|TROUPE_REPORTS/.test(s) && !/STREAM\.INFO/.test(s)));
  for (const s of p.subscribe.allow) t.true(s.startsWith('troupe.node.n7.') || s === '_INBOX_node_n7.>', `subscribe ${s}`);
  t.false(p.subscribe.allow.includes('troupe.node.n7.heartbeat'));
});

test('inbox prefixes never coincide, even for a node named coordinator', (t) => {
  t.not(inboxPrefix({ role: 'worker', nodeId: 'coordinator' }), inboxPrefix({ role: 'coordinator' }));
  t.true(coordinatorPermissions().subscribe.allow.includes('_INBOX_coordinator.>'));
  t.throws(() => workerPermissions('a.b'), { message: /node id 'a\.b'/ });
  t.throws(() => workerPermissions('>'), { message: /node id/ });
});

test("the coordinator's user has no allow_responses: it answers no request, and nats-server 2.9 would track a response permission for every report delivered to it", (t) => {
  t.false('allow_responses' in coordinatorPermissions());
  // What it does answer, by rule: flow control of the ordered consumers behind its KV watchers
  // and object reads (without it, a restart's load of 10,000 tasks stalled for good).
  t.true(coordinatorPermissions().publish.allow.includes('$JS.FC.>'));
  t.true(workerPermissions('n1').allow_responses, 'a worker answers the coordinator\'s output and node-file requests');
});

test("the config entry quotes every subject ($ would start a variable in nats-server's syntax)", (t) => {
  const text = renderAuthorization([{ nkey: 'UABC', permissions: workerPermissions('n1'), comment: 'troupe node-n1' }]);
  t.regex(text, /# troupe node-n1/);
  t.regex(text, /"\$JS\.API\.INFO"/);
  t.notRegex(text, /[^"]\$JS/);
  t.regex(text, /allow_responses: true/);
});

test('a seed file others may read is refused, as a bad seed, naming the flag', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-seed-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'n.nk');
  const user = createNkeyUser();
  writeSeedFile(file, user.seed);
  t.is(loadNkeySeed(file).publicKey, user.publicKey);
  await chmod(file, 0o644);
  t.throws(() => loadNkeySeed(file), { instanceOf: NatsCredentialsError, message: /^--nats-nkey .*n\.nk: readable or writable by others \(mode 0644\).*chmod 600/ });
  const bad = path.join(dir, 'bad.nk');
  await writeFile(bad, 'not a seed\n', { mode: 0o600 });
  t.throws(() => loadNkeySeed(bad), { message: /^--nats-nkey .*bad\.nk: not an nkey user seed/ });
  t.throws(() => loadNkeySeed(path.join(dir, 'missing.nk')), { message: /^--nats-nkey .*missing\.nk: no such file/ });
});
