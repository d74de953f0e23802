// node-pty, loaded once and only when a terminal is asked for. It is a native addon and an
// optional dependency: a node where it fails to load (not installed, not compiled for this Node)
// still runs every other task, and refuses terminals with the reason (FAILED_PRECONDITION).
import type * as NodePty from 'node-pty';

export type PtyModule = typeof NodePty;
export type PtyAvailability = { pty: PtyModule } | { unavailable: string };

let loading: Promise<PtyAvailability> | undefined;

export function loadPty(): Promise<PtyAvailability> {
  loading ??= (async (): Promise<PtyAvailability> => {
    if (process.env.TROUPE_DISABLE_PTY === '1') return { unavailable: 'node-pty is disabled on this node (TROUPE_DISABLE_PTY=1)' };
    try {
      const mod = (await import('node-pty')) as PtyModule & { default?: PtyModule };
      const pty = typeof mod.spawn === 'function' ? mod : mod.default;
      if (!pty || typeof pty.spawn !== 'function') return { unavailable: 'node-pty loaded without a spawn function' };
      return { pty };
    } catch (err) {
      return { unavailable: `node-pty could not be loaded on this node: ${(err as Error).message.split('\n')[0]}` };
    }
  })();
  return loading;
}

/** Why this node cannot give a task a terminal, as a refusal's message. */
export function ptyRefusal(nodeId: string, why: string): string {
  return `node '${nodeId}' cannot give a pseudo-terminal: ${why}`;
}
