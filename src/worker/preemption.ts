// A preemption notice on the worker's side (protocol/nats/node-control.ts, kind 'preempt'). What
// a task can see of it, and when (README "Preemption"):
//
//   notice      $AZ_BATCH_NODE_ROOT_DIR/preemption-notice appears, holding the deadline (an ISO
//               time and a newline); the node takes no new task
//   deadline − kill grace   SIGTERM to each task's process group
//   deadline    SIGKILL to what is left; then the node's last heartbeat says `preempted` and the
//               worker stops, as the machine would
//
// Nothing else is set: a task that wants warning polls the file (or traps SIGTERM). The file is
// removed when a worker starts, so a notice never outlives the run it was given to.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../protocol/log.ts';

export const PREEMPTION_NOTICE_FILE = 'preemption-notice';

/** How long the worker waits, past the deadline, for its killed tasks to be reaped. */
const REAP_WAIT_MS = 5000;

export interface PreemptionEffects {
  root: string;
  killGraceMs: number;
  log: Logger;
  /** SIGTERM every task now, SIGKILL after `graceMs`. */
  endTasks(graceMs: number): void;
  /** Resolves when no task runs any more. */
  tasksEnded(): Promise<void>;
  /** The notice ran out and the tasks are gone: say so and stop. */
  preempted(): void;
}

export class PreemptionNotice {
  private deadline?: string;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(private readonly fx: PreemptionEffects) {}

  /** A notice left by an earlier run of this node is not this run's. */
  static clearStale(root: string): Promise<void> {
    return rm(path.join(root, PREEMPTION_NOTICE_FILE), { force: true });
  }

  /** Under notice: the node takes no new task. */
  get noticed(): boolean {
    return this.deadline !== undefined;
  }

  /** Takes a notice (a second one changes nothing: the first deadline stands). */
  async notice(deadline: string): Promise<void> {
    if (this.deadline !== undefined) return;
    this.deadline = deadline;
    const at = Date.parse(deadline);
    const { killGraceMs, log } = this.fx;
    log.info('preemption notice: no new task; tasks get SIGTERM at the deadline minus the kill grace', { deadline, killGraceMs });
    try {
      await writeFile(path.join(this.fx.root, PREEMPTION_NOTICE_FILE), `${deadline}\n`, { mode: 0o644 });
    } catch (err) {
      log.error('could not write the preemption notice file: tasks learn of it by SIGTERM only', { err });
    }
    const now = Date.now();
    this.timers.push(setTimeout(() => {
      const grace = Math.max(0, Math.min(killGraceMs, at - Date.now()));
      log.info('preemption: ending tasks', { graceMs: grace });
      this.fx.endTasks(grace);
    }, Math.max(0, at - killGraceMs - now)));
    this.timers.push(setTimeout(() => {
      void Promise.race([this.fx.tasksEnded(), new Promise((r) => setTimeout(r, REAP_WAIT_MS))]).then(() => this.fx.preempted());
    }, Math.max(0, at - now)));
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
  }
}
