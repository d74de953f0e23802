// kind manual (the default): workers join by themselves (an operator, a service manager starts
// them). troupe starts none: a resize that grows such a pool records CannotStartNodes on it; one
// that shrinks it tells the chosen nodes to leave, which is all stopping one takes.
import { ProviderError, type NodeProvider } from './node-provider.ts';

export class ManualProvider implements NodeProvider {
  readonly canStart = false;

  start(): Promise<void> {
    return Promise.reject(new ProviderError('the manual provider cannot start nodes: start workers with `troupe worker --pool ID` yourself, or give the pool a local or command provider'));
  }

  async stop(): Promise<void> {
    // Told to leave, the worker stops by itself (node-departures.ts).
  }
}
