// Nodes join by heartbeating; a node silent for longer than the node timeout is offline and its
// tasks go back to the queue (requeueCount, not retryCount). A worker that restarted (new boot
// id) lost its processes, so its tasks are requeued at once. Heartbeats also reveal attempts a
// worker still runs but should not (the node was offline meanwhile): those are terminated.
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { ClusterState } from '../state/cluster-state.ts';
import { attemptRef } from '../lifecycle/task-lifecycle.ts';
import { requeued } from '../lifecycle/task-attempt.ts';
import { attemptNodes } from '../lifecycle/multi-instance-lifecycle.ts';
import { decode, encode } from '../../protocol/nats/codec.ts';
import { incarnationKey, type Heartbeat, type TaskAttemptRef, type TerminateMessage } from '../../protocol/nats/messages.ts';
import type { NodeRecord, TaskRecord } from '../../protocol/records/records.ts';
import { nowIso } from '../../protocol/records/records.ts';
import { nodeTransition, type NodeState } from '../../protocol/records/states.ts';
import { heartbeatSubject, HEARTBEAT_SUBJECTS, terminateSubject } from '../../protocol/nats/subjects.ts';
import type { Logger } from '../../protocol/log.ts';
import { sameNodeTaskInfo, startTaskInfoOf, startTaskNodeState } from '../lifecycle/start-task-state.ts';

export interface NodeLiveness {
  isAlive(nodeId: string): boolean;
  /** Alive, and not reported lost by a peer since it was last heard. */
  mayTakeWork(nodeId: string): boolean;
}

export class NodeRegistry implements NodeLiveness {
  private readonly lastSeen = new Map<string, number>();
  private sub?: Subscription;
  private sweeper?: NodeJS.Timeout;
  /** Nodes whose heartbeat is being turned into a stored record (one at a time per node). */
  private readonly updating = new Set<string>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly state: ClusterState,
    private readonly nodeTimeoutMs: number,
    private readonly log: Logger,
  ) {
    // A restarted coordinator gives every known node a full timeout to show up again.
    const now = Date.now();
    for (const id of state.nodes.rows.keys()) this.lastSeen.set(id, now);
  }

  /** Task processes started per node since this coordinator started (kept in memory only). */
  readonly tasksRun = new Map<string, number>();

  /** False while this coordinator is cut off from NATS: silence then says nothing about nodes. */
  private connected = true;

  start(): void {
    void (async () => {
      for await (const st of this.nc.status()) {
        if (st.type === 'disconnect') this.connected = false;
        if (st.type === 'reconnect') {
          // Nodes could not be heard while we were cut off: every one gets a full timeout again.
          this.connected = true;
          const now = Date.now();
          for (const id of this.lastSeen.keys()) this.lastSeen.set(id, now);
          this.log.info('reconnected to NATS: node timeouts restarted');
        }
      }
    })().catch(() => {});
    this.state.events.on('task', (after, before) => {
      const startedProcess = before?.state === 'preparing' && (after.state === 'running' || after.exec.exitCode !== undefined);
      const nodeId = before?.exec.nodeId;
      if (startedProcess && nodeId) this.tasksRun.set(nodeId, (this.tasksRun.get(nodeId) ?? 0) + 1);
    });
    this.sub = this.nc.subscribe(HEARTBEAT_SUBJECTS, {
      callback: (err, msg) => {
        if (err) return;
        let hb: Heartbeat;
        try {
          hb = decode<Heartbeat>(msg.data);
          if (typeof hb?.nodeId !== 'string' || typeof hb.bootId !== 'string' || !Array.isArray(hb.running)) throw new Error('bad shape');
        } catch {
          this.log.warn('ignored malformed heartbeat', { subject: msg.subject });
          return;
        }
        // Its subject is the sender (NATS lets a worker publish its own node's heartbeat only).
        if (msg.subject !== heartbeatSubject(hb.nodeId)) {
          this.log.warn('ignored heartbeat naming another node than its subject', { subject: msg.subject, nodeId: hb.nodeId });
          return;
        }
        this.onHeartbeat(hb);
      },
    });
    this.sweeper = setInterval(() => this.sweep(), Math.max(100, Math.min(1000, this.nodeTimeoutMs / 4)));
  }

  stop(): void {
    this.sub?.unsubscribe();
    if (this.sweeper) clearInterval(this.sweeper);
  }

  isAlive(nodeId: string): boolean {
    const seen = this.lastSeen.get(nodeId);
    return seen !== undefined && Date.now() - seen <= this.nodeTimeoutMs;
  }

  /** When a peer reported the node gone (a gang's primary lost its launches there), if it has
   *  not been heard since. */
  private readonly lostReports = new Map<string, number>();

  /** A gang's primary found this node's worker gone. It may still look alive for up to the node
   *  timeout (its last heartbeat is recent): until it is heard again it gets no new work, or the
   *  requeued gang would go straight back to it and wait out the timeout a second time. Its
   *  liveness, and so when it is declared lost, is unchanged: a worker that peers cannot reach
   *  but NATS hears is not lost. */
  reportedLost(nodeId: string): void {
    this.lostReports.set(nodeId, Date.now());
    this.log.info('node reported lost by a peer: no new work until it is heard again', { nodeId });
  }

  /** Whether the node may be given new work: alive, and heard since any peer's loss report. */
  mayTakeWork(nodeId: string): boolean {
    if (!this.isAlive(nodeId)) return false;
    const reported = this.lostReports.get(nodeId);
    if (reported === undefined) return true;
    if ((this.lastSeen.get(nodeId) ?? 0) > reported) {
      this.lostReports.delete(nodeId);
      return true;
    }
    return false;
  }

  lastHeartbeat(nodeId: string): Date | undefined {
    const seen = this.lastSeen.get(nodeId);
    return seen === undefined ? undefined : new Date(seen);
  }

  /** Asked first of every heartbeat: false drops it (a node told to leave that still speaks,
   *  see node-departures.ts), so it neither joins again nor counts. */
  admits: (hb: Heartbeat) => boolean = () => true;

  /** The node is gone from the pool: no liveness kept (its record was removed by the caller). */
  forget(nodeId: string): void {
    this.lastSeen.delete(nodeId);
    this.lostReports.delete(nodeId);
    this.tasksRun.delete(nodeId);
  }

  private onHeartbeat(hb: Heartbeat): void {
    if (!this.admits(hb)) return;
    this.lastSeen.set(hb.nodeId, Date.now());
    const node = this.state.nodes.get(hb.nodeId);
    // A preempted worker's last heartbeat says so (its notice ran out, its tasks were ended).
    const stateWanted: NodeState = hb.preempted ? 'preempted' : hb.leaving ? 'leavingpool' : startTaskNodeState(hb.startTask) ?? 'idle';
    const needsWrite = !node || node.bootId !== hb.bootId || node.poolId !== hb.poolId || node.address !== hb.address
      || (node.launchPort ?? 0) !== (hb.launchPort ?? 0) || (node.terminalPort ?? 0) !== (hb.terminalPort ?? 0) || (node.taskContainment ?? '') !== (hb.taskContainment ?? '')
      || (node.resourceLimits ?? '') !== (hb.resourceLimits ?? '') || (node.gpuIds ?? []).join(',') !== (hb.gpuIds ?? []).join(',')
      || baseState(node.state) !== stateWanted || !sameNodeTaskInfo(node.startTaskInfo, startTaskInfoOf(hb.startTask));
    if (needsWrite && !this.updating.has(hb.nodeId)) {
      this.updating.add(hb.nodeId);
      this.upsert(hb, node, stateWanted)
        .catch((err) => this.log.warn('could not store node', { nodeId: hb.nodeId, err }))
        .finally(() => this.updating.delete(hb.nodeId));
    }
    if (node && node.bootId === hb.bootId) this.reconcile(hb.nodeId, hb.running);
  }

  private async upsert(hb: Heartbeat, before: NodeRecord | undefined, wanted: NodeState): Promise<void> {
    const now = nowIso();
    const pool = this.state.pools.get(hb.poolId);
    const slots = hb.slots > 0 ? hb.slots : pool?.taskSlotsPerNode ?? 1;
    const fields = {
      poolId: hb.poolId, address: hb.address, hostName: hb.hostName, taskSlots: slots, launchPort: hb.launchPort ?? 0, terminalPort: hb.terminalPort ?? 0,
      bootId: hb.bootId, agentVersion: hb.agentVersion, agentStartTime: hb.agentStartTime,
      startTaskInfo: startTaskInfoOf(hb.startTask),
      taskContainment: hb.taskContainment ?? '',
      resourceLimits: hb.resourceLimits ?? '',
      // Fixed for a boot of the worker: a new boot rewrites the record anyway.
      taskUserIsolation: hb.taskUserIsolation ?? '',
      isDedicated: hb.dedicated !== false,
      gpuIds: Array.isArray(hb.gpuIds) ? hb.gpuIds.filter((g) => typeof g === 'string').slice(0, 64) : undefined,
    };
    if (!before) {
      await this.state.nodes.create(hb.nodeId, {
        id: hb.nodeId, ...fields, state: wanted, schedulingState: 'enabled',
        stateTransitionTime: now, lastHeartbeatTime: now, totalTasksRun: 0,
      });
      this.log.info('node joined', { nodeId: hb.nodeId, poolId: hb.poolId, address: hb.address, slots });
      this.state.events.emit('node', this.state.nodes.get(hb.nodeId)!);
      return;
    }
    const rebooted = before.bootId !== hb.bootId;
    await this.state.mutateNode(hb.nodeId, (n) => ({
      ...n, ...fields,
      // A new boot is a machine back from its preemption (or never told): no notice stands.
      ...(rebooted ? { preemptionDeadline: undefined } : {}),
      // A restarted agent begins its lifecycle again (as from 'starting'), whatever it was in.
      state: n.state === wanted ? n.state : nodeTransition(rebooted && n.state !== 'offline' ? 'starting' : n.state, wanted),
      stateTransitionTime: n.state === wanted ? n.stateTransitionTime : now,
    }));
    if (rebooted || wanted === 'leavingpool' || wanted === 'preempted') {
      this.log.info(rebooted ? 'node restarted: requeueing its tasks' : `node ${wanted === 'preempted' ? 'preempted' : 'leaving'}: requeueing its tasks`, { nodeId: hb.nodeId });
      await this.requeueTasksOf(hb.nodeId, hb.running);
    } else {
      this.log.info('node back', { nodeId: hb.nodeId, state: wanted });
    }
  }

  /** Attempts the worker runs that are not (or no longer) its to run are terminated. */
  private reconcile(nodeId: string, running: TaskAttemptRef[]): void {
    for (const ref of running) {
      const t = this.state.task(ref.jobId, ref.taskId);
      const sameAttempt = t !== undefined && t.uid === ref.uid && t.exec.attempt === ref.attempt && attemptNodes(t).includes(nodeId);
      if (sameAttempt && (t.state === 'preparing' || t.state === 'running')) continue;
      // An instance of a gang that succeeded is released, not failed (its release was lost).
      const release = sameAttempt && t.state === 'completed' && t.exec.result === 'success' && t.exec.subtasks !== undefined;
      this.terminate(nodeId, ref, release ? 'the task ended' : 'attempt superseded (node was lost, task requeued or ended)', release);
    }
  }

  terminate(nodeId: string, ref: TaskAttemptRef, reason: string, release = false): void {
    const msg: TerminateMessage = { jobId: ref.jobId, taskId: ref.taskId, uid: ref.uid, attempt: ref.attempt, reason, ...(release ? { release } : {}) };
    this.nc.publish(terminateSubject(nodeId), encode(msg));
  }

  /** Kills the task's current attempt on every node it occupies (all instances of a gang). */
  terminateAttempt(t: TaskRecord, reason: string): void {
    const ref = attemptRef(t);
    for (const nodeId of attemptNodes(t)) this.terminate(nodeId, ref, reason);
  }

  /** When the last round trip to the NATS server that was confirmed had been sent. */
  private lastRoundTrip = Date.now();
  private probing = false;
  /** No round trip confirmed lately: the link to NATS may be cut without the client knowing. */
  private cutOff = false;
  /** While cut off: the last moment this coordinator is sure it could hear. */
  private heardUntil = 0;

  /** Whether this coordinator can be sure it hears the nodes: silence from a node means
   *  something only if a round trip to NATS went through lately. A link that is cut (a
   *  partition, a pulled cable) is not a disconnect the client sees for minutes, and offline
   *  marks and requeues written meanwhile would land once it heals, on nodes that were fine. */
  private hearing(now: number): boolean {
    if (!this.probing) {
      this.probing = true;
      const sent = now;
      this.nc.flush().then(() => {
        if (sent > this.lastRoundTrip) this.lastRoundTrip = sent;
        if (this.cutOff && Date.now() - this.lastRoundTrip <= this.roundTripBound) {
          // The time it could not hear does not count as any node's silence: every node's clock
          // is moved on by it. (Not restarted: a slow round trip on a loaded machine, again and
          // again, would then keep a dead node from ever being declared lost.)
          this.cutOff = false;
          const at = Date.now();
          const unheard = at - this.heardUntil;
          for (const [id, seen] of this.lastSeen) this.lastSeen.set(id, Math.min(at, seen + unheard));
          this.log.info('heard by NATS again: node timeouts paused for the time it could not hear', { unheardMs: unheard });
        }
      }, () => {}).finally(() => { this.probing = false; });
    }
    if (!this.cutOff && now - this.lastRoundTrip > this.roundTripBound) {
      this.cutOff = true;
      this.heardUntil = this.lastRoundTrip;
      this.log.warn('no round trip to NATS confirmed: not declaring any node lost until there is', { silentMs: now - this.lastRoundTrip });
    }
    return !this.cutOff;
  }

  /** A quarter of the node timeout, or up to half of it to reach 2 s: far above a round trip on a
   *  loaded machine, and with a sweep interval (at most a quarter) still under the node timeout,
   *  so that a cut is seen before any node's silence since the cut can reach it. */
  private get roundTripBound(): number {
    return Math.max(this.nodeTimeoutMs / 4, Math.min(2000, this.nodeTimeoutMs / 2));
  }

  private sweep(): void {
    if (!this.connected) return;
    const now = Date.now();
    if (!this.hearing(now)) return;
    for (const { value: node } of this.state.nodes.rows.values()) {
      // A preempted node is gone on purpose: it stays 'preempted', not 'offline'.
      if (node.state === 'offline' || node.state === 'preempted') continue;
      const seen = this.lastSeen.get(node.id) ?? 0;
      if (now - seen <= this.nodeTimeoutMs || this.updating.has(node.id)) continue;
      this.updating.add(node.id);
      this.markOffline(node.id)
        .catch((err) => this.log.warn('could not mark node offline', { nodeId: node.id, err }))
        .finally(() => this.updating.delete(node.id));
    }
  }

  private async markOffline(nodeId: string): Promise<void> {
    const at = nowIso();
    // Silent after a preemption was announced: it was preempted (its last heartbeat, which says
    // so, was lost or never sent), not lost.
    const after = await this.state.mutateNode(nodeId, (n) => {
      if (n.state === 'offline' || n.state === 'preempted') return undefined;
      const to = n.preemptionDeadline !== undefined ? 'preempted' : 'offline';
      return { ...n, state: nodeTransition(n.state, to), stateTransitionTime: at };
    });
    if (after?.state === 'preempted') this.log.info('node preempted: silent since its notice, requeueing its tasks', { nodeId });
    else this.log.warn('node offline: missed heartbeats, requeueing its tasks', { nodeId, timeoutMs: this.nodeTimeoutMs });
    await this.requeueTasksOf(nodeId, []);
  }

  /** Requeues every task placed on the node, except attempts the worker says it still runs. */
  async requeueTasksOf(nodeId: string, stillRunning: TaskAttemptRef[]): Promise<void> {
    const keep = new Set(stillRunning.map((r) => `${incarnationKey(r)}#${r.attempt}`));
    const now = nowIso();
    await Promise.all(this.state.usage.tasksOn(nodeId).map(async (key) => {
      const result = await this.state.mutateTask(key, (t) => {
        if (!attemptNodes(t).includes(nodeId) || (t.state !== 'preparing' && t.state !== 'running')) return undefined;
        if (keep.has(`${incarnationKey({ jobId: t.jobId, taskId: t.id, uid: t.uid })}#${t.exec.attempt}`)) return undefined;
        return requeued(t, now);
      });
      if (result?.after) this.log.info('task requeued', { jobId: result.after.jobId, taskId: result.after.id, nodeId, requeueCount: result.after.exec.requeueCount });
    }));
  }
}

/** idle and running are one stored state: 'running' is derived from the slots in use. */
function baseState(s: NodeState): NodeState {
  return s === 'running' ? 'idle' : s;
}
