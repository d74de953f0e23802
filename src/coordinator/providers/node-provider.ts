// Where a pool's nodes come from: a small interface, one file per kind (manual, local, command).
// A provider starts a node by name (the worker it starts joins the pool with that node id) and
// stops one; whether the node then joined is the resizer's business (it watches heartbeats).
export interface ProvidedNode {
  /** The node id the started worker must join with. */
  name: string;
  poolId: string;
  dedicated: boolean;
}

export interface NodeProvider {
  /** False for manual: nodes join by themselves, troupe cannot start one. */
  readonly canStart: boolean;
  /** Resolves once the node was started (not joined); rejects with ProviderError. */
  start(node: ProvidedNode): Promise<void>;
  /** Resolves once the node was stopped, or was not running; rejects with ProviderError. */
  stop(node: ProvidedNode): Promise<void>;
}

/** A provider could not do what it was asked: the message goes to the pool's resize errors. */
export class ProviderError extends Error {
  override name = 'ProviderError';
}

/** The end of a program's output, enough to see why it failed, never a whole log. */
export function tail(text: string, max = 1000): string {
  const t = text.trim();
  return t.length <= max ? t : `…${t.slice(t.length - max)}`;
}
