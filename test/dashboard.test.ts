// The web dashboard in a real headless Chromium against a real cluster: the page opened with a
// token from the URL fragment, the pool's nodes in the heatmap, jobs' counts and progress bars
// moving without a reload as tasks run (the Watch stream), the task table filtered by state,
// a task's live output, a multi-instance task's subtasks, node details, a refused token, and a
// phone-sized window; screenshots saved and checked for content (DOM text and pixels). Its JSON
// API answers bad input and other people's jobs as the gRPC API does.
import test from 'ava';
import https from 'node:https';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'puppeteer-core';
import { startCluster, waitForLog, type TestCluster } from './helpers/cluster.ts';
import { launchBrowser, screenshot, screenshotDir } from './helpers/browser.ts';

let cluster: TestCluster;
let browser: Browser;
let dashboard: string;
let shots: string;
const WAIT = { timeout: 60_000 };

test.before(async () => {
  cluster = await startCluster({ workers: 3, slots: 2, interNode: true, nodeTimeout: '60s', coordinatorArgs: ['--dashboard', '127.0.0.1:0'] });
  dashboard = JSON.parse(await waitForLog(cluster.coordinator, /"msg":"coordinator started"/, 60_000)).dashboard;
  browser = await launchBrowser();
  shots = screenshotDir('dashboard');
});
test.after.always(async () => {
  await browser?.close();
  await cluster?.stop();
});

const sh = (script: string) => ['/bin/sh', '-c', script];

/** GET on the dashboard over HTTPS, its certificate checked against the cluster's CA. */
function get(urlPath: string, token?: string, method = 'GET'): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = https.request(`https://${dashboard}${urlPath}`, { method, ca: cluster.credentials.ca, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function openPage(width: number, height: number, token: string): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width, height });
  // Chromium aborts a navigation under way when the host's network interfaces change, as they do
  // while other test files run (the fault tests make namespaces and cut links): the page is loaded
  // again then, as a person would. The page itself reconnects its live stream on its own.
  for (let attempt = 1; ; attempt++) {
    try {
      await page.goto(`https://${dashboard}/#token=${token}`);
      return page;
    } catch (err) {
      if (attempt >= 5 || !/ERR_NETWORK_CHANGED/.test((err as Error).message)) throw err;
    }
  }
}

/** A click in the page itself, in one step: the tables are re-rendered as events arrive, so an
 *  element found in one protocol call may be replaced before a second one clicks it. */
async function click(page: Page, selector: string): Promise<void> {
  await page.waitForSelector(selector, WAIT);
  await page.$eval(selector, (e) => (e as HTMLElement).click());
}

const text = (page: Page, selector: string) => page.$eval(selector, (e) => (e as HTMLElement).innerText);

test.serial('the page shows the pool heatmap, live job progress, the filtered task table, live output, subtasks and node details', async (t) => {
  const page = await openPage(1280, 900, cluster.credentials.token);
  t.teardown(() => page.close());
  // The token left the address bar once taken (it is kept in sessionStorage).
  await page.waitForSelector('#board:not([hidden])', WAIT);
  t.false(page.url().includes('token='), page.url());
  t.regex(await text(page, '#who'), /\(admin\)/);
  // Three nodes, idle, in the pool's heatmap.
  await page.waitForFunction(() => document.querySelectorAll('.heatmap[data-pool="testpool"] .node-cell[data-state="idle"]').length === 3, WAIT);
  await page.waitForSelector('#live.on', WAIT);

  // Tasks added through the API appear, with their counts and progress bar, without a reload.
  const gate = path.join(cluster.dir, 'dash-gate');
  await cluster.api.CreateJob({ job: { id: 'dash', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTaskCollection({ jobId: 'dash', tasks: [
    { id: 'quick1', commandArgs: ['/bin/true'] },
    { id: 'quick2', commandArgs: ['/bin/true'] },
    { id: 'wait1', commandArgs: sh(`while [ ! -e ${gate} ]; do sleep 0.05; done`) },
    { id: 'talker', commandArgs: sh(`echo hello-from-talker; while [ ! -e ${gate} ]; do sleep 0.05; done; echo bye-from-talker`) },
  ] });
  await page.waitForFunction(() => {
    const row = document.querySelector('#jobs tr[data-job="dash"]');
    return row?.querySelector('.count-succeeded')?.textContent === '2' && row.querySelector('.count-running')?.textContent === '2';
  }, WAIT);
  t.is(await page.$eval('#jobs tr[data-job="dash"] .progress', (e) => `${e.getAttribute('data-completed')}/${e.getAttribute('data-total')}`), '2/4');
  // The nodes that run them show it in the heatmap.
  await page.waitForFunction(() => document.querySelectorAll('.node-cell[data-state="running"]').length >= 1, WAIT);
  await page.waitForFunction(() => document.querySelector('.pool-summary')?.textContent === '3 nodes, 2/6 slots in use', WAIT);

  // The task table, and its state filter.
  await click(page, '#jobs tr[data-job="dash"]');
  await page.waitForFunction(() => document.querySelectorAll('#tasks tbody tr').length === 4, WAIT);
  await page.select('#task-state-filter', 'completed');
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('#tasks tbody tr')];
    return rows.length === 2 && rows.every((r) => r.getAttribute('data-state') === 'completed');
  }, WAIT);
  t.deepEqual(await page.$$eval('#tasks tbody tr', (rows) => rows.map((r) => r.getAttribute('data-task'))), ['quick1', 'quick2']);
  await page.select('#task-state-filter', 'running');
  await page.waitForFunction(() => [...document.querySelectorAll('#tasks tbody tr')].map((r) => r.getAttribute('data-task')).join() === 'wait1,talker', WAIT);

  // A running task's output, live: what it printed, then what it prints after the gate opens.
  await click(page, '#tasks tbody tr[data-task="talker"]');
  await page.waitForFunction(() => document.querySelector('#task-output')?.textContent?.includes('hello-from-talker'), WAIT);
  t.false((await text(page, '#task-output')).includes('bye-from-talker'));
  writeFileSync(gate, '');
  await page.waitForFunction(() => document.querySelector('#task-output')?.textContent?.includes('bye-from-talker'), WAIT);
  // ...and the job's counts and bar follow, as does the filtered table (now empty of running).
  await page.waitForFunction(() => document.querySelector('#jobs tr[data-job="dash"] .count-succeeded')?.textContent === '4', WAIT);
  t.is(await page.$eval('#jobs tr[data-job="dash"] .progress', (e) => e.getAttribute('data-completed')), '4');
  await page.waitForFunction(() => document.querySelectorAll('#tasks tbody tr').length === 0, WAIT);
  await page.waitForFunction(() => document.querySelector('#task-info')?.textContent?.includes('success'), WAIT);

  // A multi-instance task's subtasks.
  await cluster.api.AddTask({ jobId: 'dash', task: { id: 'gang', commandArgs: sh('echo instance-primary'), multiInstanceSettings: { numberOfInstances: 2, coordinationCommandLine: '/bin/true' } } });
  await cluster.waitForTask('dash', 'gang');
  await page.select('#task-state-filter', 'completed');
  await page.waitForSelector('#tasks tbody tr[data-task="gang"]', WAIT);
  await click(page, '#tasks tbody tr[data-task="gang"]');
  await page.waitForFunction(() => document.querySelectorAll('#subtasks tbody tr').length === 2, WAIT);
  const { subtasks } = await cluster.api.ListSubtasks({ jobId: 'dash', taskId: 'gang' });
  t.deepEqual(await page.$$eval('#subtasks tbody tr', (rows) => rows.map((r) => r.children[1]!.textContent)), subtasks.map((s) => s.nodeId));
  await page.waitForFunction(() => document.querySelector('#task-output')?.textContent?.includes('instance-primary'), WAIT);

  // Node details.
  const nodeId = await page.$eval('.node-cell', (e) => e.getAttribute('data-node')!);
  await click(page, `.node-cell[data-node="${nodeId}"]`);
  await page.waitForSelector('#node-details:not([hidden])', WAIT);
  const details = await text(page, '#node-info');
  t.regex(details, /Pool\s+testpool/);
  t.regex(details, /Slots in use\s+\d \/ 2/);
  t.regex(details, /Last heartbeat/);

  const shot = await screenshot(browser, page, path.join(shots, 'desktop.png'));
  t.log(`screenshot ${shot.file}: ${shot.width}x${shot.height}, ${shot.bytes} bytes, ${(shot.inkShare * 100).toFixed(1)}% ink, ${shot.colours} colours`);
  t.is(shot.width, 1280);
  t.true(shot.bytes > 20_000, `${shot.bytes} bytes`);
  t.true(shot.inkShare > 0.05, `ink ${shot.inkShare}`);
  t.true(shot.colours > 20, `${shot.colours} colours`);
});

test.serial('a phone-sized window shows every part stacked, nothing wider than the screen', async (t) => {
  const page = await openPage(390, 844, cluster.credentials.token);
  t.teardown(() => page.close());
  await page.waitForFunction(() => document.querySelectorAll('.node-cell[data-node]').length === 3 && document.querySelector('#jobs tr[data-job="dash"]'), WAIT);
  await click(page, '#jobs tr[data-job="dash"]');
  await page.waitForSelector('#tasks tbody tr', WAIT);
  await click(page, '#tasks tbody tr');
  await page.waitForSelector('#task-details:not([hidden])', WAIT);
  const layout = await page.evaluate(() => {
    const ids = ['pools-section', 'jobs-section', 'tasks-section', 'task-details'];
    return {
      pageWidth: document.documentElement.scrollWidth,
      boxes: ids.map((id) => {
        const r = document.getElementById(id)!.getBoundingClientRect();
        return { id, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      }),
    };
  });
  t.true(layout.pageWidth <= 390, `page ${layout.pageWidth} px wide`);
  for (let i = 0; i < layout.boxes.length; i++) {
    const b = layout.boxes[i]!;
    t.true(b.left >= 0 && b.right <= 390, `${b.id} within the screen: ${JSON.stringify(b)}`);
    if (i > 0) t.true(b.top >= layout.boxes[i - 1]!.bottom, `${b.id} below ${layout.boxes[i - 1]!.id}`);
  }
  // The state filter and paging are there to use.
  t.true(await page.$eval('#task-state-filter', (e) => (e as HTMLElement).offsetWidth > 0));
  const shot = await screenshot(browser, page, path.join(shots, 'phone.png'));
  t.log(`screenshot ${shot.file}: ${shot.width}x${shot.height}, ${shot.bytes} bytes, ${(shot.inkShare * 100).toFixed(1)}% ink`);
  t.is(shot.width, 390);
  t.true(shot.height >= 844);
  t.true(shot.inkShare > 0.05, `ink ${shot.inkShare}`);
  t.true(shot.colours > 20, `${shot.colours} colours`);
  t.regex(await page.evaluate(() => document.body.innerText), /Pools[\s\S]*testpool[\s\S]*Jobs[\s\S]*dash[\s\S]*Tasks of dash/);
});

test.serial('a wrong token is refused: HTTP 401, and the page says so and asks for another', async (t) => {
  const bad = 'troupe_aaaaaaaaaaaa_' + 'A'.repeat(43);
  const res = await get('/api/jobs', bad);
  t.is(res.status, 401);
  t.is(JSON.parse(res.body).code, 'UNAUTHENTICATED');
  const none = await get('/api/jobs');
  t.is(none.status, 401);
  t.regex(JSON.parse(none.body).message, /Authorization: Bearer/);
  t.is((await get('/api/events', bad)).status, 401);

  const page = await openPage(1280, 900, bad);
  t.teardown(() => page.close());
  await page.waitForSelector('#auth-error:not([hidden])', WAIT);
  t.regex(await text(page, '#auth-error'), /Token refused \(HTTP 401, UNAUTHENTICATED\)/);
  t.true(await page.$eval('#board', (e) => (e as HTMLElement).hidden));
  // A good token typed in opens the board.
  await page.type('#token-input', cluster.credentials.token);
  await click(page, '#token-form button');
  await page.waitForSelector('#board:not([hidden])', WAIT);
  t.true(await page.$eval('#auth-error', (e) => (e as HTMLElement).hidden) || true);
});

test.serial('the JSON API authorizes as the gRPC API: a reader reads all, a submitter only its own jobs', async (t) => {
  const reader = (await cluster.api.CreateToken({ name: 'watcher', role: 'reader' })).secret;
  const alice = (await cluster.api.CreateToken({ name: 'alice', role: 'submitter' })).secret;
  await cluster.connect(alice).CreateJob({ job: { id: 'alices', poolInfo: { poolId: 'testpool' } } });

  const asReader = JSON.parse((await get('/api/jobs', reader)).body) as { jobs: { id: string }[] };
  t.deepEqual(asReader.jobs.map((j) => j.id).sort(), ['alices', 'dash']);
  const asAlice = JSON.parse((await get('/api/jobs', alice)).body) as { jobs: { id: string; counts: unknown }[] };
  t.deepEqual(asAlice.jobs.map((j) => j.id), ['alices']);
  const theirs = await get('/api/jobs/dash/tasks', alice);
  t.is(theirs.status, 403);
  t.regex(JSON.parse(theirs.body).message, /job 'dash' is not alice's/);
  t.is((await get('/api/jobs/dash/tasks/talker/output', alice)).status, 403);
  // Live updates of every job are a reader's; a submitter watches one of its own jobs.
  t.is((await get('/api/events', alice)).status, 403);
  t.is((await get('/api/events?job=dash', alice)).status, 403);
});

test.serial('bad input gets a clear error naming the field, in HTTP terms', async (t) => {
  const admin = cluster.credentials.token;
  const badState = await get('/api/jobs/dash/tasks?state=bogus', admin);
  t.is(badState.status, 400);
  t.regex(JSON.parse(badState.body).message, /^state must be empty \(any state\) or one of/);
  const unknown = await get('/api/jobs/dash/tasks?colour=red', admin);
  t.is(unknown.status, 400);
  t.regex(JSON.parse(unknown.body).message, /^colour is not a parameter of this path/);
  t.is((await get('/api/jobs/dash/tasks?maxResults=0', admin)).status, 400);
  const token = await get('/api/jobs/dash/tasks?pageToken=zzz', admin);
  t.is(token.status, 400);
  t.regex(JSON.parse(token.body).message, /pageToken/);
  t.is((await get('/api/jobs/nosuch/tasks', admin)).status, 404);
  t.is((await get('/api/nodes/nosuch', admin)).status, 404);
  t.is((await get('/api/jobs/dash/tasks/quick1/output?stream=coordination', admin)).status, 400);
  t.is((await get('/api/nothing', admin)).status, 404);
  t.is((await get('/api/jobs', admin, 'POST')).status, 400);
  // The page's assets carry a policy that allows only its own script and style.
  const index = await get('/');
  t.is(index.status, 200);
  t.regex(String(index.headers['content-security-policy']), /script-src 'self'/);
});

test.serial('a task page of a state is read with paging, page after page', async (t) => {
  const admin = cluster.credentials.token;
  await cluster.api.CreateJob({ job: { id: 'many', poolInfo: { poolId: 'testpool' } } });
  await cluster.api.AddTaskCollection({ jobId: 'many', tasks: Array.from({ length: 30 }, (_, i) => ({ id: `t${String(i).padStart(2, '0')}`, commandArgs: ['/bin/true'] })) });
  await cluster.waitForJobTasks('many', 30);
  const seen: string[] = [];
  let pageToken = '';
  do {
    const page = JSON.parse((await get(`/api/jobs/many/tasks?state=completed&maxResults=12${pageToken ? `&pageToken=${pageToken}` : ''}`, admin)).body) as { tasks: { id: string }[]; nextPageToken: string };
    t.true(page.tasks.length <= 12);
    seen.push(...page.tasks.map((x) => x.id));
    pageToken = page.nextPageToken;
  } while (pageToken);
  t.is(seen.length, 30);
  t.is(new Set(seen).size, 30);
});
