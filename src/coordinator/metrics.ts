// Prometheus metrics of the coordinator, in the text exposition format, on their own HTTP port
// (`troupe coordinator --metrics HOST:PORT`). Gauges are read from the live indexes when scraped
// (nothing is computed by listing); counters are bumped where things happen.
//
// Written by hand rather than with prom-client (which the worker's metrics use, for their
// histograms): every sample here is a gauge or counter read from the cluster state at scrape time,
// with labels (jobs, pools) that come and go, which a registry of long-lived metric objects would
// have to be told to forget.
import type { TlsMaterial } from '../security/daemon-tls.ts';
import { serveMetrics, type MetricsEndpoint } from '../observability/metrics-endpoint.ts';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { ClusterState } from './state/cluster-state.ts';

export class CoordinatorMetrics {
  /** Task state changes stored, by the state entered. */
  private readonly transitions = new Map<string, number>();
  private readonly requeues = { count: 0 };
  private readonly retries = { count: 0 };
  /** How late the coordinator's thread ran what was due (timers, I/O: heartbeats, the lease,
   *  dispatch, calls): what a request that does not yield costs everyone else. */
  private readonly loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });

  constructor(private readonly state: ClusterState) {
    this.loopDelay.enable();
    state.events.on('task', (after, before) => {
      if (before?.state === after.state) return;
      this.transitions.set(after.state, (this.transitions.get(after.state) ?? 0) + 1);
      if (before && after.exec.requeueCount > before.exec.requeueCount) this.requeues.count++;
      if (before && after.exec.retryCount > before.exec.retryCount) this.retries.count++;
    });
  }

  render(): string {
    const lines: string[] = [];
    const metric = (name: string, type: 'gauge' | 'counter', help: string, samples: [Record<string, string>, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) {
        const l = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`).join(',');
        lines.push(`${name}${l ? `{${l}}` : ''} ${value}`);
      }
    };
    const tasks: [Record<string, string>, number][] = [];
    for (const [jobId, book] of this.state.books) {
      const c = book.counts;
      for (const [state, n] of [['active', c.active], ['running', c.running], ['succeeded', c.succeeded], ['failed', c.failed]] as const) {
        tasks.push([{ job: jobId, state }, n]);
      }
    }
    metric('troupe_tasks', 'gauge', 'Tasks by job and state (running includes preparing; completed split by result).', tasks);
    const nodeStates = new Map<string, number>();
    let slots = 0;
    let used = 0;
    for (const { value: n } of this.state.nodes.rows.values()) {
      const live = this.state.usage.liveState(n.id, n.state);
      const key = `${n.poolId}\u0000${live}`;
      nodeStates.set(key, (nodeStates.get(key) ?? 0) + 1);
      if (live === 'idle' || live === 'running') {
        slots += n.taskSlots;
        used += this.state.usage.usedSlots(n.id);
      }
    }
    metric('troupe_nodes', 'gauge', 'Nodes by pool and state.', [...nodeStates].map(([k, v]) => {
      const [pool, state] = k.split('\u0000');
      return [{ pool: pool!, state: state! }, v];
    }));
    metric('troupe_task_slots', 'gauge', 'Task slots of usable nodes.', [[{}, slots]]);
    metric('troupe_task_slots_used', 'gauge', 'Task slots in use on usable nodes.', [[{}, used]]);
    const jobs = new Map<string, number>();
    for (const { value: j } of this.state.jobs.rows.values()) jobs.set(j.state, (jobs.get(j.state) ?? 0) + 1);
    metric('troupe_jobs', 'gauge', 'Jobs by state.', [...jobs].map(([state, n]) => [{ state }, n]));
    metric('troupe_task_transitions_total', 'counter', 'Task state changes stored since the coordinator started, by state entered.',
      [...this.transitions].map(([state, n]) => [{ state }, n]));
    metric('troupe_task_requeues_total', 'counter', 'Tasks put back in the queue because their node was lost or left.', [[{}, this.requeues.count]]);
    metric('troupe_task_retries_total', 'counter', 'Tasks retried after their own failure.', [[{}, this.retries.count]]);
    const d = this.loopDelay;
    metric('troupe_coordinator_event_loop_delay_seconds', 'gauge', "The coordinator's event loop delay since the last scrape (sampled every 10 ms): quantiles and max.", [
      [{ quantile: '0.5' }, d.percentile(50) / 1e9], [{ quantile: '0.99' }, d.percentile(99) / 1e9], [{ quantile: '1' }, d.max / 1e9],
    ]);
    d.reset();
    const memory = process.memoryUsage();
    metric('troupe_coordinator_heap_used_bytes', 'gauge', "The coordinator's V8 heap in use.", [[{}, memory.heapUsed]]);
    metric('troupe_coordinator_array_buffers_bytes', 'gauge', "The coordinator's memory in buffers outside the V8 heap (packed records among them).", [[{}, memory.arrayBuffers]]);
    return lines.join('\n') + '\n';
  }

  readonly contentType = 'text/plain; version=0.0.4';

  /** Serves GET /metrics on `listen` (observability/metrics-endpoint.ts: HTTPS with the
   *  coordinator's certificate when it has one). */
  async serve(listen: string, tls?: TlsMaterial): Promise<MetricsEndpoint> {
    const endpoint = await serveMetrics(listen, this, tls);
    return {
      address: endpoint.address,
      close: () => {
        this.loopDelay.disable();
        return endpoint.close();
      },
    };
  }
}
