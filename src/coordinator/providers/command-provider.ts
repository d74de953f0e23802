// kind command: operator scripts (power a machine on, `virsh start`, a cloud CLI, `systemctl
// start troupe-worker@N` over ssh, `sbatch` of a worker...) called to start and to stop one node:
//   <start_command words...> NAME POOL dedicated|lowpriority
// also given as TROUPE_NODE_NAME, TROUPE_POOL_ID, TROUPE_NODE_PRIORITY. Not run through a shell.
// The script must leave a worker that joins POOL with --node-id NAME (and --low-priority for
// lowpriority). Exit 0 = done; anything else (or no end within the timeout: SIGTERM, then SIGKILL)
// fails, with the exit code and the end of its stderr on the pool's resize errors. Its output is
// logged line by line.
import { spawn } from 'node:child_process';
import type { Logger } from '../../protocol/log.ts';
import { ProviderError, tail, type NodeProvider, type ProvidedNode } from './node-provider.ts';

export class CommandProvider implements NodeProvider {
  readonly canStart = true;

  constructor(
    private readonly startCommand: readonly string[],
    private readonly stopCommand: readonly string[],
    private readonly timeoutMs: number,
    private readonly log: Logger,
  ) {}

  start(node: ProvidedNode): Promise<void> {
    return this.run('start', this.startCommand, node);
  }

  stop(node: ProvidedNode): Promise<void> {
    return this.run('stop', this.stopCommand, node);
  }

  private run(what: 'start' | 'stop', command: readonly string[], node: ProvidedNode): Promise<void> {
    const priority = node.dedicated ? 'dedicated' : 'lowpriority';
    const [program, ...words] = command;
    const args = [...words, node.name, node.poolId, priority];
    const log = this.log.child({ provider: 'command' });
    return new Promise<void>((resolve, reject) => {
      const child = spawn(program!, args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, TROUPE_NODE_NAME: node.name, TROUPE_POOL_ID: node.poolId, TROUPE_NODE_PRIORITY: priority },
      });
      let stderr = '';
      const lines = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        if (stream === 'stderr') stderr = (stderr + text).slice(-8192);
        for (const line of text.split('\n')) if (line.trim()) log.info(`${what} command ${stream}`, { line, nodeId: node.name });
      };
      child.stdout!.on('data', lines('stdout'));
      child.stderr!.on('data', lines('stderr'));
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }, this.timeoutMs);
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(new ProviderError(`${what} command ${program} could not run: ${err.message}`));
      });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) {
          this.log.info(`node ${what} command done`, { nodeId: node.name, poolId: node.poolId });
          resolve();
          return;
        }
        const how = timedOut ? `did not end within ${Math.round(this.timeoutMs / 1000)} s (killed)` : signal ? `was killed by ${signal}` : `exited with code ${code}`;
        const err = tail(stderr);
        reject(new ProviderError(`${what} command ${program} ${how}${err ? `: ${err}` : ''}`));
      });
    });
  }
}
