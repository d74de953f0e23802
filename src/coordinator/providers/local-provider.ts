// kind local: worker processes on the coordinator's own machine (`troupe coordinator
// --local-workers-dir DIR --local-worker-args '...'`): what `troupe up` and the tests use.
// Each node is `troupe worker --pool P --node-id NAME --root DIR/NAME [--low-priority]
// --stop-on-stdin-close <local-worker-args>`, its logs in DIR/NAME.log. In the arguments,
// {node} and {pool} stand for the node's name and pool: NATS users and certificates are per
// node, so a `--config DIR/{node}.json` per node is the usual form.
// The workers are children of the coordinator, tied to it by their stdin (--stop-on-stdin-close):
// none outlives it, so none is left unaccounted for after a crash; a restarted coordinator starts
// what its pools' targets still lack. (Detached workers with pid files would survive a restart,
// at the cost of a pid-reuse race on every stop.)
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packagePath } from '../../protocol/package-root.ts';
import type { Logger } from '../../protocol/log.ts';
import { ProviderError, tail, type NodeProvider, type ProvidedNode } from './node-provider.ts';

export interface LocalProviderOptions {
  workersDir: string;
  /** Words given to every worker; {node} and {pool} are replaced. */
  workerArgs: readonly string[];
  /** Told when a worker exits by itself with a failure (it could not start, it crashed). */
  onExit?: (node: ProvidedNode, message: string) => void;
}

const STOP_GRACE_MS = 15_000;

export class LocalProvider implements NodeProvider {
  readonly canStart = true;
  private readonly children = new Map<string, ChildProcess>();

  constructor(private readonly opts: LocalProviderOptions, private readonly log: Logger) {}

  async start(node: ProvidedNode): Promise<void> {
    if (this.children.has(node.name)) return;
    mkdirSync(this.opts.workersDir, { recursive: true });
    const logFile = path.join(this.opts.workersDir, `${node.name}.log`);
    const args = [
      packagePath('bin', 'troupe.js'), 'worker', '--pool', node.poolId, '--node-id', node.name,
      '--root', path.join(this.opts.workersDir, node.name), '--stop-on-stdin-close',
      ...(node.dedicated ? [] : ['--low-priority']),
      ...this.opts.workerArgs.map((w) => w.replaceAll('{node}', node.name).replaceAll('{pool}', node.poolId)),
    ];
    const fd = openSync(logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(process.execPath, args, { stdio: ['pipe', fd, fd] });
    } catch (err) {
      throw new ProviderError(`could not start a local worker: ${(err as Error).message}`);
    } finally {
      closeSync(fd);
    }
    child.stdin!.on('error', () => {});
    this.children.set(node.name, child);
    this.log.info('local worker started', { nodeId: node.name, poolId: node.poolId, pid: child.pid, log: logFile });
    child.once('exit', (code, signal) => {
      if (this.children.get(node.name) === child) this.children.delete(node.name);
      if (code === 0 || signal === 'SIGTERM') return;
      let last = '';
      try {
        last = tail(readFileSync(logFile, 'utf8'), 600);
      } catch { /* no log */ }
      const message = `local worker ${node.name} ${signal ? `was killed by ${signal}` : `exited with code ${code}`}${last ? `: ${last}` : ''}`;
      this.log.warn('local worker exited', { nodeId: node.name, code, signal });
      this.opts.onExit?.(node, message);
    });
  }

  async stop(node: ProvidedNode): Promise<void> {
    const child = this.children.get(node.name);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }

  /** The coordinator stops: its workers go with it. */
  async close(): Promise<void> {
    await Promise.all([...this.children.keys()].map((name) => this.stop({ name, poolId: '', dedicated: true })));
  }
}
