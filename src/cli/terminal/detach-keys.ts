// The key sequence that detaches `troupe task attach` from a task's terminal, as docker names it
// (`--detach-keys ctrl-p,ctrl-q`, the default): a pure matcher over the bytes typed, so that
// everything else (Ctrl-C, Ctrl-D included) goes to the task as it was typed.

export const DEFAULT_DETACH_KEYS = 'ctrl-p,ctrl-q';

/** The bytes of a sequence like `ctrl-p,ctrl-q` or `ctrl-a,d`; throws with the rule when bad. */
export function parseDetachKeys(spec: string): Buffer {
  const keys = spec.split(',').map((k) => k.trim());
  if (keys.length === 0 || keys.some((k) => k === '')) throw new Error(`--detach-keys '${spec}': expected keys separated by commas, e.g. ctrl-p,ctrl-q`);
  return Buffer.from(keys.map((key) => {
    const ctrl = /^ctrl-(.)$/i.exec(key);
    if (ctrl) {
      const c = ctrl[1]!;
      const code = c.toLowerCase().charCodeAt(0);
      if (code >= 0x61 && code <= 0x7a) return code - 0x60; // ctrl-a .. ctrl-z
      const special: Record<string, number> = { '@': 0, '[': 27, '\\': 28, ']': 29, '^': 30, _: 31 };
      if (c in special) return special[c]!;
      throw new Error(`--detach-keys '${spec}': ctrl-${c} is not a control key (ctrl-a..ctrl-z, ctrl-@, ctrl-[, ctrl-\\, ctrl-], ctrl-^, ctrl-_)`);
    }
    if (key.length === 1 && key.charCodeAt(0) < 0x80) return key.charCodeAt(0);
    throw new Error(`--detach-keys '${spec}': '${key}' is neither ctrl-X nor one ASCII character`);
  }));
}

/** Splits typed bytes into what goes to the task and whether the sequence was completed. Bytes
 *  that may be the start of the sequence are held until the next input says which they are. */
export class DetachMatcher {
  private held = 0;

  constructor(private readonly sequence: Buffer) {}

  feed(input: Buffer): { forward: Buffer; detach: boolean } {
    const out: number[] = [];
    for (const byte of input) {
      if (byte === this.sequence[this.held]) {
        this.held += 1;
        if (this.held === this.sequence.length) return { forward: Buffer.from(out), detach: true };
        continue;
      }
      // Not the sequence after all: what was held was typed for the task.
      for (let i = 0; i < this.held; i++) out.push(this.sequence[i]!);
      this.held = byte === this.sequence[0] ? 1 : 0;
      if (this.held === 0) out.push(byte);
    }
    return { forward: Buffer.from(out), detach: false };
  }
}
