// The client's own terminal during `task exec -t` and `task attach`: raw mode (every key goes to
// the task's terminal as typed, Ctrl-C and Ctrl-D included), window changes reported, and the
// terminal put back as it was on every way out (the call ends, an error, a signal, exit).
export interface ClientTerminal {
  /** The current size, when the output is a terminal. */
  size(): { rows: number; cols: number } | undefined;
  /** Called with the new size on SIGWINCH. */
  onResize(listener: (size: { rows: number; cols: number }) => void): void;
  restore(): void;
}

type TtyIn = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?(raw: boolean): unknown; isRaw?: boolean };
type TtyOut = NodeJS.WritableStream & { isTTY?: boolean; rows?: number; columns?: number; on(e: 'resize', l: () => void): unknown; off(e: 'resize', l: () => void): unknown };

export function takeTerminal(stdin: NodeJS.ReadableStream, stdout: NodeJS.WritableStream, raw: boolean): ClientTerminal {
  const input = stdin as TtyIn;
  const output = stdout as TtyOut;
  const wasRaw = input.isRaw === true;
  const makeRaw = raw && input.isTTY === true && typeof input.setRawMode === 'function';
  if (makeRaw) input.setRawMode!(true);
  const listeners: (() => void)[] = [];
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    if (makeRaw) {
      try {
        input.setRawMode!(wasRaw);
      } catch {
        // the terminal is gone
      }
    }
    for (const l of listeners) output.off?.('resize', l);
    process.off('exit', restore);
  };
  process.once('exit', restore);
  const size = () => (output.isTTY && output.rows && output.columns ? { rows: output.rows, cols: output.columns } : undefined);
  return {
    size,
    onResize(listener) {
      if (!output.isTTY) return;
      const l = () => {
        const s = size();
        if (s) listener(s);
      };
      listeners.push(l);
      output.on('resize', l);
    },
    restore,
  };
}
