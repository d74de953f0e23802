// Which provider serves a pool: its record's node_provider (absent = manual). The local provider
// is one for the coordinator (its workers are its children); a command provider is made per pool
// from the pool's scripts, and made again when they change.
import type { Logger } from '../../protocol/log.ts';
import type { PoolRecord } from '../../protocol/records/records.ts';
import type { NodeProviderRecord } from '../../protocol/records/pool-scaling-records.ts';
import { FailedPreconditionError } from '../../protocol/errors.ts';
import type { NodeProvider } from './node-provider.ts';
import { ManualProvider } from './manual-provider.ts';
import { CommandProvider } from './command-provider.ts';
import type { LocalProvider } from './local-provider.ts';
import { DEFAULT_COMMAND_TIMEOUT_MS } from '../validation/pool-scaling-validation.ts';

export class ProviderRegistry {
  private readonly manual = new ManualProvider();
  private readonly commands = new Map<string, { spec: string; provider: CommandProvider }>();

  constructor(private readonly local: LocalProvider | undefined, private readonly log: Logger) {}

  /** Refuses, at CreatePool, a provider this coordinator cannot run. */
  check(spec: NodeProviderRecord | undefined): void {
    if (spec?.kind === 'local' && !this.local) {
      throw new FailedPreconditionError('pool.nodeProvider.kind local needs a coordinator started with --local-workers-dir DIR (and --local-worker-args)');
    }
  }

  providerOf(pool: PoolRecord): NodeProvider {
    const spec = pool.nodeProvider;
    if (!spec || spec.kind === 'manual') return this.manual;
    if (spec.kind === 'local') return this.local ?? this.manual;
    const key = JSON.stringify(spec);
    const known = this.commands.get(pool.id);
    if (known?.spec === key) return known.provider;
    const provider = new CommandProvider(spec.startCommand ?? [], spec.stopCommand ?? [], spec.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS, this.log);
    this.commands.set(pool.id, { spec: key, provider });
    return provider;
  }

  async close(): Promise<void> {
    await this.local?.close();
  }
}
