// The worker's fence on a simulated clock and NATS round trip: tasks end after half the node
// timeout without a confirmed heartbeat, with at most a quarter of it as grace, and the node
// takes work again only once a fresh heartbeat is confirmed.
import test from 'ava';
import { ConnectionFence } from '../../src/worker/connection-fence.ts';
import { silentLogger } from '../../src/protocol/log.ts';

function setup(nodeTimeoutMs = 10_000) {
  let now = 0;
  let connected = true;
  /** Round trips waiting for the link to come back, oldest first. */
  let held: Array<() => void> = [];
  const fenced: number[] = [];
  let timeout = nodeTimeoutMs;
  const fence = new ConnectionFence({
    nodeTimeoutMs: () => timeout,
    roundTrip: () => new Promise<void>((resolve) => (connected ? resolve() : held.push(resolve))),
    fence: (graceMs) => fenced.push(graceMs),
    log: silentLogger,
    now: () => now,
  });
  return {
    fence, fenced,
    advance(ms: number) { now += ms; fence.check(); },
    heartbeat() { fence.heartbeatSent(); },
    cut() { connected = false; },
    heal() { connected = true; const h = held; held = []; for (const r of h) r(); },
    setTimeoutMs(ms: number) { timeout = ms; },
  };
}

const turn = () => new Promise((r) => setImmediate(r));

test('confirmed heartbeats keep the fence open however long it runs', async (t) => {
  const s = setup();
  for (let i = 0; i < 100; i++) {
    s.heartbeat();
    await turn();
    s.advance(1000);
  }
  t.false(s.fence.fenced);
  t.deepEqual(s.fenced, []);
});

test('no confirmed heartbeat for half the node timeout ends the tasks, once, with a quarter of it as grace', async (t) => {
  const s = setup(10_000);
  s.heartbeat();
  await turn();
  s.cut();
  for (let i = 0; i < 4; i++) {
    s.advance(1000);
    s.heartbeat();
  }
  s.advance(1000); // 5 s since the last confirmed heartbeat: not more than half yet
  t.deepEqual(s.fenced, []);
  s.advance(1);
  t.true(s.fence.fenced);
  t.deepEqual(s.fenced, [2500]);
  s.advance(10_000);
  s.heartbeat();
  t.deepEqual(s.fenced, [2500], 'fenced once');
});

test('heartbeats held back during the cut and delivered late do not heal; a fresh one does', async (t) => {
  const s = setup(10_000);
  s.heartbeat();
  await turn();
  s.cut();
  s.advance(1000);
  s.heartbeat(); // held
  s.advance(6000);
  t.true(s.fence.fenced);
  // The link comes back: the round trip of the held heartbeat (sent 5 s ago) completes.
  s.heal();
  await turn();
  t.true(s.fence.fenced, 'a late confirmation of an old heartbeat');
  s.heartbeat();
  await turn();
  t.false(s.fence.fenced, 'a fresh heartbeat is confirmed');
  s.advance(4000);
  t.deepEqual(s.fenced, [2500]);
});

test('the bound follows the leader\'s node timeout', async (t) => {
  const s = setup(10_000);
  s.heartbeat();
  await turn();
  s.cut();
  s.setTimeoutMs(4000);
  s.advance(2001);
  t.deepEqual(s.fenced, [1000]);
});
