// troupe's dashboard page: plain JavaScript, no framework, no build step. Everything it shows
// comes from the coordinator's /api/ (the API's own calls, with this page's token) and stays
// current through one event stream (/api/events: the API's Watch as Server-Sent Events) read
// with fetch(), since EventSource cannot send the Authorization header. No polling loop: a page
// of tasks is read again only when an event says it changed.
'use strict';

const TOKEN_KEY = 'troupe.token';
const PAGE_SIZE = 50;
const $ = (id) => document.getElementById(id);

const view = {
  pools: [],
  nodes: new Map(),
  jobs: new Map(),
  /** The job whose tasks are shown, its state filter, and the page tokens that led here. */
  jobId: '',
  stateFilter: '',
  pageTokens: [''],
  nextPageToken: '',
  tasks: new Map(),
  taskId: '',
  nodeId: '',
};

// ---- the token: from #token= once (then gone from the address bar), then sessionStorage ----
function takeTokenFromFragment() {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!m) return;
  sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]));
  history.replaceState(null, '', location.pathname + location.search);
}

const token = () => sessionStorage.getItem(TOKEN_KEY) || '';

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function api(path, signal) {
  const res = await fetch(path, { headers: { authorization: `Bearer ${token()}` }, cache: 'no-store', signal });
  if (!res.ok) throw await errorOf(res);
  return res.json();
}

async function errorOf(res) {
  let body = {};
  try { body = await res.json(); } catch { /* not JSON */ }
  return new ApiError(res.status, body.code || String(res.status), body.message || res.statusText);
}

function signIn(message) {
  $('board').hidden = true;
  $('sign-out').hidden = true;
  $('sign-in').hidden = false;
  $('who').textContent = '';
  const error = $('auth-error');
  error.hidden = !message;
  error.textContent = message || '';
  stopEvents();
}

async function start() {
  if (!token()) return signIn('');
  let me;
  try {
    me = await api('/api/whoami');
  } catch (err) {
    if (err.status === 401 || err.status === 403) {
      sessionStorage.removeItem(TOKEN_KEY);
      return signIn(`Token refused (HTTP ${err.status}, ${err.code}): ${err.message}`);
    }
    return signIn(`Cannot reach the coordinator: ${err.message}`);
  }
  $('sign-in').hidden = true;
  $('board').hidden = false;
  $('sign-out').hidden = false;
  $('who').textContent = `${me.name} (${me.role})`;
  await Promise.all([loadPools(), loadJobs()]);
  openEvents();
}

// ---- pools and their nodes: a heatmap, one cell a node, its colour its state, its shade the
// share of its slots in use ----
async function loadPools() {
  const { pools, nodes } = await api('/api/pools');
  view.pools = pools;
  view.nodes = new Map(nodes.map((n) => [n.id, n]));
  renderPools();
}

function renderPools() {
  const root = $('pools');
  root.replaceChildren();
  if (view.pools.length === 0) root.append(el('p', { class: 'muted' }, 'No pools.'));
  for (const pool of view.pools) {
    const nodes = [...view.nodes.values()].filter((n) => n.poolId === pool.id).sort((a, b) => a.id.localeCompare(b.id));
    const slots = nodes.reduce((s, n) => s + n.taskSlots, 0);
    const used = nodes.reduce((s, n) => s + n.runningTaskSlots, 0);
    const heatmap = el('div', { class: 'heatmap', 'data-pool': pool.id });
    for (const n of nodes) heatmap.append(nodeCell(n));
    root.append(el('div', { class: 'pool', 'data-pool': pool.id },
      el('div', { class: 'pool-head' }, el('strong', {}, pool.id), el('span', { class: 'muted pool-summary' }, `${nodes.length} nodes, ${used}/${slots} slots in use`)),
      heatmap));
  }
  root.append(el('div', { class: 'legend' }, ...['idle', 'running', 'starting', 'offline', 'unusable'].map((s) => el('span', {}, el('i', { class: `node-cell ${s}` }), s))));
}

function nodeCell(n) {
  const share = n.taskSlots > 0 ? n.runningTaskSlots / n.taskSlots : 0;
  const cell = el('div', {
    class: `node-cell ${n.state}${n.id === view.nodeId ? ' selected' : ''}`, 'data-node': n.id, 'data-state': n.state,
    title: `${n.id}: ${n.state}, ${n.runningTaskSlots}/${n.taskSlots} slots in use`, role: 'button', tabindex: '0',
  }, el('div', { class: 'used', style: `height:${Math.round(share * 100)}%` }));
  cell.addEventListener('click', () => showNode(n.id));
  return cell;
}

async function showNode(nodeId) {
  view.nodeId = nodeId;
  renderPools();
  const node = await api(`/api/nodes/${encodeURIComponent(nodeId)}`);
  view.nodes.set(node.id, node);
  renderNode();
  $('node-details').hidden = false;
  $('node-details').scrollIntoView({ block: 'nearest' });
}

function renderNode() {
  const n = view.nodes.get(view.nodeId);
  if (!n) return;
  $('node-title').textContent = n.id;
  fill($('node-info'), [
    ['Pool', n.poolId], ['State', n.state], ['Scheduling', n.schedulingState], ['Slots in use', `${n.runningTaskSlots} / ${n.taskSlots}`],
    ['Running tasks', n.runningTasksCount], ['Tasks run', n.totalTasksRun], ['Address', n.address], ['Host', n.hostName],
    ['Agent', n.agentVersion], ['Last heartbeat', n.lastHeartbeatTime], ['Containment', n.taskContainment], ['Resource limits', n.resourceLimits],
  ]);
}

// ---- jobs, with their counts as progress bars ----
async function loadJobs() {
  const { jobs } = await api('/api/jobs');
  view.jobs = new Map(jobs.map((j) => [j.id, j]));
  renderJobs();
}

function renderJobs() {
  const body = $('jobs').tBodies[0];
  body.replaceChildren();
  const jobs = [...view.jobs.values()].sort((a, b) => a.id.localeCompare(b.id));
  $('jobs-empty').hidden = jobs.length > 0;
  for (const job of jobs) body.append(jobRow(job));
}

function jobRow(job) {
  const c = job.counts || { active: 0, running: 0, completed: 0, succeeded: 0, failed: 0 };
  const total = c.active + c.running + c.completed;
  const pct = (n) => (total > 0 ? `${(100 * n) / total}%` : '0%');
  const bar = el('div', { class: 'progress', title: `${c.completed} of ${total} completed`, 'data-completed': c.completed, 'data-total': total },
    el('div', { class: 'succeeded', style: `width:${pct(c.succeeded)}` }),
    el('div', { class: 'failed', style: `width:${pct(c.failed)}` }),
    el('div', { class: 'running', style: `width:${pct(c.running)}` }));
  const row = el('tr', { 'data-job': job.id, class: job.id === view.jobId ? 'selected' : '' },
    el('td', {}, job.id), el('td', {}, job.state), el('td', {}, bar),
    el('td', { class: 'count-active' }, c.active), el('td', { class: 'count-running' }, c.running),
    el('td', { class: 'count-succeeded' }, c.succeeded), el('td', { class: 'count-failed' }, c.failed));
  row.addEventListener('click', () => selectJob(job.id));
  return row;
}

function updateJobRow(jobId) {
  const job = view.jobs.get(jobId);
  const old = $('jobs').querySelector(`tr[data-job="${CSS.escape(jobId)}"]`);
  if (!job) return old?.remove();
  if (old) old.replaceWith(jobRow(job));
  else renderJobs();
  $('jobs-empty').hidden = view.jobs.size > 0;
}

// ---- the task table: one page of one state, read with ListTasks's own paging ----
function selectJob(jobId) {
  view.jobId = jobId;
  view.pageTokens = [''];
  $('tasks-section').hidden = false;
  $('tasks-job').textContent = jobId;
  renderJobs();
  void loadTasks();
  openEvents(); // the stream now carries this job's task changes
}

let tasksLoading;
async function loadTasks() {
  const jobId = view.jobId;
  tasksLoading?.abort();
  const controller = (tasksLoading = new AbortController());
  const q = new URLSearchParams({ maxResults: String(PAGE_SIZE) });
  if (view.stateFilter) q.set('state', view.stateFilter);
  const pageToken = view.pageTokens[view.pageTokens.length - 1];
  if (pageToken) q.set('pageToken', pageToken);
  let page;
  try {
    page = await api(`/api/jobs/${encodeURIComponent(jobId)}/tasks?${q}`, controller.signal);
  } catch (err) {
    if (err.name === 'AbortError') return;
    throw err;
  }
  view.tasks = new Map(page.tasks.map((t) => [t.id, t]));
  view.nextPageToken = page.nextPageToken;
  renderTasks();
}

function renderTasks() {
  const body = $('tasks').tBodies[0];
  body.replaceChildren(...[...view.tasks.values()].map(taskRow));
  $('tasks-empty').hidden = view.tasks.size > 0;
  $('tasks-page').textContent = `page ${view.pageTokens.length}`;
  $('tasks-prev').disabled = view.pageTokens.length <= 1;
  $('tasks-next').disabled = !view.nextPageToken;
}

function taskRow(t) {
  const e = t.executionInfo || {};
  const row = el('tr', { 'data-task': t.id, 'data-state': t.state, class: t.id === view.taskId ? 'selected' : '' },
    el('td', {}, t.id), el('td', { class: `state-${t.state}` }, t.state),
    el('td', { class: e.result === 'failure' ? 'result-failure' : '' }, e.result || ''),
    el('td', {}, e.exitCode ?? ''), el('td', {}, e.nodeId || ''), el('td', { class: 'cmd', title: t.commandLine }, t.commandLine));
  row.addEventListener('click', () => showTask(t.id));
  return row;
}

/** Task changes of the shown job: rows on this page change in place; anything that moves a task
 *  into or out of this page (a filtered state, a new task, more changes than were sent) reads
 *  the page again, once per burst. */
function tasksChanged({ jobId, tasks, more }) {
  if (jobId !== view.jobId) return;
  let reread = more;
  for (const t of tasks) {
    if (t.id === view.taskId && !t.deleted) void refreshTask(t);
    if (!view.tasks.has(t.id)) { reread = true; continue; }
    if (t.deleted || (view.stateFilter && t.state !== view.stateFilter)) { reread = true; continue; }
    view.tasks.set(t.id, t);
  }
  if (reread) scheduleTaskReread();
  else renderTasks();
}

let rereadTimer;
function scheduleTaskReread() {
  if (rereadTimer) return;
  rereadTimer = setTimeout(() => { rereadTimer = undefined; void loadTasks(); }, 200);
}

// ---- one task: its details, subtasks and live output ----
let outputReading;
async function showTask(taskId) {
  view.taskId = taskId;
  renderTasks();
  const task = await api(`/api/jobs/${encodeURIComponent(view.jobId)}/tasks/${encodeURIComponent(taskId)}`);
  $('task-details').hidden = false;
  await refreshTask(task);
  followOutput();
  $('task-details').scrollIntoView({ block: 'nearest' });
}

async function refreshTask(t) {
  const e = t.executionInfo || {};
  $('task-title').textContent = `${t.jobId} / ${t.id}`;
  fill($('task-info'), [
    ['State', t.state], ['Result', e.result], ['Exit code', e.exitCode], ['Node', e.nodeId], ['Command line', t.commandLine],
    ['Created', t.creationTime], ['Started', e.startTime], ['Ended', e.endTime], ['Retries', e.retryCount], ['Requeues', e.requeueCount],
    ['Failure', e.failureInfo?.message], ['Instances', t.multiInstanceSettings?.numberOfInstances || ''],
  ]);
  const multi = (t.multiInstanceSettings?.numberOfInstances || 0) > 0;
  $('subtasks-block').hidden = !multi;
  if (!multi) return;
  const { subtasks } = await api(`/api/jobs/${encodeURIComponent(t.jobId)}/tasks/${encodeURIComponent(t.id)}/subtasks`);
  $('subtasks').tBodies[0].replaceChildren(...subtasks.map((s) => el('tr', { 'data-subtask': s.id },
    el('td', {}, s.id), el('td', {}, s.nodeId), el('td', {}, s.state), el('td', {}, s.result || ''), el('td', {}, s.exitCode ?? ''))));
}

async function followOutput() {
  outputReading?.abort();
  const controller = (outputReading = new AbortController());
  const out = $('task-output');
  out.textContent = '';
  const path = `/api/jobs/${encodeURIComponent(view.jobId)}/tasks/${encodeURIComponent(view.taskId)}/output?stream=${$('output-stream').value}`;
  try {
    const res = await fetch(path, { headers: { authorization: `Bearer ${token()}` }, signal: controller.signal });
    if (!res.ok) {
      const err = await errorOf(res);
      out.textContent = `(${err.code}: ${err.message})`;
      return;
    }
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const atBottom = out.scrollTop + out.clientHeight >= out.scrollHeight - 4;
      out.textContent += value;
      if (atBottom) out.scrollTop = out.scrollHeight;
    }
  } catch (err) {
    if (err.name !== 'AbortError') out.textContent += `\n(output stream ended: ${err.message})`;
  }
}

// ---- the live event stream ----
let events;
let retryMs = 500;

function stopEvents() {
  events?.abort();
  events = undefined;
  setLive(false);
}

function setLive(on) {
  $('live').className = `live ${on ? 'on' : 'off'}`;
  $('live').textContent = on ? 'live' : 'offline';
}

function openEvents() {
  stopEvents();
  const controller = (events = new AbortController());
  void readEvents(controller).catch(() => {}).finally(() => {
    if (events !== controller) return;
    setLive(false);
    // Reconnect after a pause that grows while the coordinator stays away; then read anew.
    setTimeout(() => {
      if (events !== controller) return;
      retryMs = Math.min(retryMs * 2, 10_000);
      void Promise.all([loadPools(), loadJobs(), view.jobId ? loadTasks() : null]).then(openEvents, openEvents);
    }, retryMs);
  });
}

async function readEvents(controller) {
  const q = view.jobId ? `?job=${encodeURIComponent(view.jobId)}` : '';
  const res = await fetch(`/api/events${q}`, { headers: { authorization: `Bearer ${token()}` }, signal: controller.signal });
  if (!res.ok) {
    const err = await errorOf(res);
    if (res.status === 401) { sessionStorage.removeItem(TOKEN_KEY); signIn(`Token refused (HTTP 401, ${err.code}): ${err.message}`); }
    else $('live').title = `live updates refused: ${err.message}`;
    throw err;
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) name = line.slice(7);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      if (data) onEvent(name, JSON.parse(data));
    }
  }
}

function onEvent(name, data) {
  switch (name) {
    case 'ready':
      retryMs = 500;
      setLive(true);
      // Whatever changed while the stream was being opened.
      void loadJobs();
      break;
    case 'job': {
      const old = view.jobs.get(data.id);
      view.jobs.set(data.id, { ...data, counts: old?.counts });
      updateJobRow(data.id);
      break;
    }
    case 'jobDeleted':
      view.jobs.delete(data.jobId);
      updateJobRow(data.jobId);
      break;
    case 'counts': {
      const job = view.jobs.get(data.jobId);
      if (job) { job.counts = data.counts; updateJobRow(data.jobId); }
      break;
    }
    case 'nodes':
      for (const n of data) view.nodes.set(n.id, n);
      renderPools();
      if (data.some((n) => n.id === view.nodeId)) renderNode();
      break;
    case 'tasks':
      tasksChanged(data);
      break;
    case 'error':
      $('live').title = `live updates ended: ${data.message}`;
      break;
  }
}

// ---- small DOM helpers ----
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === '' || v === undefined) continue;
    // Through the CSSOM: the page's Content-Security-Policy refuses style attributes.
    if (k === 'style') e.style.cssText = v;
    else e.setAttribute(k, String(v));
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c ?? '')));
  return e;
}

function fill(dl, pairs) {
  dl.replaceChildren();
  for (const [k, v] of pairs) {
    if (v === undefined || v === null || v === '') continue;
    dl.append(el('dt', {}, k), el('dd', {}, v));
  }
}

// ---- wiring ----
document.addEventListener('DOMContentLoaded', () => {
  takeTokenFromFragment();
  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token-input').value.trim());
    $('token-input').value = '';
    void start();
  });
  $('sign-out').addEventListener('click', () => { sessionStorage.removeItem(TOKEN_KEY); signIn(''); });
  $('task-state-filter').addEventListener('change', () => {
    view.stateFilter = $('task-state-filter').value;
    view.pageTokens = [''];
    void loadTasks();
  });
  $('tasks-next').addEventListener('click', () => {
    if (!view.nextPageToken) return;
    view.pageTokens.push(view.nextPageToken);
    void loadTasks();
  });
  $('tasks-prev').addEventListener('click', () => {
    if (view.pageTokens.length <= 1) return;
    view.pageTokens.pop();
    void loadTasks();
  });
  $('output-stream').addEventListener('change', () => void followOutput());
  $('task-close').addEventListener('click', () => { outputReading?.abort(); view.taskId = ''; $('task-details').hidden = true; renderTasks(); });
  $('node-close').addEventListener('click', () => { view.nodeId = ''; $('node-details').hidden = true; renderPools(); });
  window.addEventListener('hashchange', () => { if (/token=/.test(location.hash)) { takeTokenFromFragment(); void start(); } });
  void start();
});
