// Drives the messages a multi-instance task's stored changes call for (the record changes
// themselves are pure: multi-instance-lifecycle.ts):
//  - every instance coordinated: tell the primary to start the application command (re-sent
//    until the primary confirms, since a core NATS message can be lost);
//  - the attempt ended (primary exited, an instance failed, node lost, terminated): end every
//    instance still running, released without failure when the task succeeded;
//  - a gang not started within the start-up deadline: its attempt fails with a clear message,
//    so a node that never sets up its instance cannot hold the others forever.
import type { NatsConnection } from '@nats-io/transport-node';
import type { ClusterState } from '../state/cluster-state.ts';
import type { NodeRegistry } from '../nodes/node-registry.ts';
import { attemptRef } from '../lifecycle/task-lifecycle.ts';
import { attemptEnded } from '../lifecycle/task-attempt.ts';
import { instancesToEnd } from '../lifecycle/multi-instance-lifecycle.ts';
import { encode } from '../../protocol/nats/codec.ts';
import type { StartApplicationMessage } from '../../protocol/nats/messages.ts';
import { nowIso, type TaskRecord } from '../../protocol/records/records.ts';
import { startApplicationSubject, taskKey } from '../../protocol/nats/subjects.ts';
import type { Logger } from '../../protocol/log.ts';

export const STARTUP_TIMEOUT_CODE = 'MultiInstanceStartupTimeout';
const RESEND_START_AFTER_MS = 2000;

export class MultiInstanceDriver {
  /** Live gangs: taskKey -> when their attempt was dispatched, and when start was last sent. */
  private readonly live = new Map<string, { attempt: number; since: number; startSentAt?: number }>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly nc: NatsConnection,
    private readonly state: ClusterState,
    private readonly nodes: NodeRegistry,
    private readonly startupTimeoutMs: number,
    private readonly log: Logger,
  ) {
    // A restarted coordinator picks up live gangs (their deadline counts from now).
    for (const t of state.unfinishedTasks()) this.track(t, undefined);
    state.events.on('task', (after, before) => this.track(after, before));
    this.timer = setInterval(() => this.tick(), 500);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private track(after: TaskRecord, before: TaskRecord | undefined): void {
    if (!after.multiInstance) return;
    const key = taskKey(after.jobId, after.id);
    const isLive = after.state === 'preparing' || after.state === 'running';
    if (isLive) {
      const entry = this.live.get(key);
      if (!entry || entry.attempt !== after.exec.attempt) this.live.set(key, { attempt: after.exec.attempt, since: Date.now() });
      if (after.exec.applicationReleased && !after.exec.applicationStarted && !before?.exec.applicationReleased) this.sendStart(after);
      return;
    }
    this.live.delete(key);
    const wasLive = before !== undefined && (before.state === 'preparing' || before.state === 'running');
    if (!wasLive || before.exec.attempt !== after.exec.attempt) return;
    const ref = attemptRef(after);
    for (const { nodeId, release } of instancesToEnd(after)) {
      this.nodes.terminate(nodeId, ref, release ? 'the task ended' : `the task's attempt ended (${after.exec.failureInfo?.code ?? after.state})`, release);
    }
  }

  private sendStart(t: TaskRecord): void {
    const primary = t.exec.subtasks?.[0];
    if (!primary) return;
    const entry = this.live.get(taskKey(t.jobId, t.id));
    if (entry) entry.startSentAt = Date.now();
    const msg: StartApplicationMessage = attemptRef(t);
    this.nc.publish(startApplicationSubject(primary.nodeId), encode(msg));
  }

  private tick(): void {
    const now = Date.now();
    for (const [key, entry] of this.live) {
      const t = this.state.tasks.get(key);
      if (!t || (t.state !== 'preparing' && t.state !== 'running') || t.exec.attempt !== entry.attempt) {
        this.live.delete(key);
        continue;
      }
      if (t.exec.applicationStarted) continue;
      if (t.exec.applicationReleased && now - (entry.startSentAt ?? 0) >= RESEND_START_AFTER_MS) this.sendStart(t);
      if (now - entry.since >= this.startupTimeoutMs) void this.timeOut(key, entry.attempt);
    }
  }

  private async timeOut(key: string, attempt: number): Promise<void> {
    this.live.delete(key);
    const at = nowIso();
    const result = await this.state.mutateTask(key, (t) => {
      if ((t.state !== 'preparing' && t.state !== 'running') || t.exec.attempt !== attempt || t.exec.applicationStarted) return undefined;
      const waiting = (t.exec.subtasks ?? []).filter((s) => s.coordinationExitCode === undefined).map((s) => `${s.id} (node ${s.nodeId}, ${s.address})`);
      const message = `the multi-instance task did not start within ${this.startupTimeoutMs / 1000} s: `
        + (waiting.length ? `subtasks ${waiting.join(', ')} never finished setting up or their coordination command` : 'the primary never started the application command');
      return attemptEnded(t, { endTime: at }, { category: 'servererror', code: STARTUP_TIMEOUT_CODE, message }, at).next;
    }).catch((err) => this.log.warn('could not time out a multi-instance task', { key, err }));
    if (result && result.after) this.log.warn('multi-instance task start-up timed out', { jobId: result.after.jobId, taskId: result.after.id, attempt });
  }
}
