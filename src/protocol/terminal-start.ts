// The first message of a Terminal call (terminal.proto), checked once, the same way on the
// coordinator (at the door) and on the worker (which trusts nothing it is sent): the field and
// the rule of the first thing wrong.
import { InvalidArgumentError } from './errors.ts';
import { UNSUPPORTED_FIELD } from './grpc/proto-descriptor.ts';
import type { ExecInput__Output } from './generated/troupe/v1/ExecInput.ts';
import type { AttachInput__Output } from './generated/troupe/v1/AttachInput.ts';

export interface WindowSize { rows: number; cols: number }
export const DEFAULT_WINDOW: WindowSize = { rows: 24, cols: 80 };
export const MAX_WINDOW_SIDE = 1000;

export interface ExecStartRequest { jobId: string; taskId: string; command: string[]; tty: boolean; window: WindowSize; stdin: boolean }
export interface AttachStartRequest { jobId: string; taskId: string; window?: WindowSize; replay: boolean }

const MAX_ID_CHARS = 64;
const MAX_COMMAND_BYTES = 128 * 1024;

/** A message with a field this side does not know (unknown-fields.ts): refused by name. */
function refuseUnknown(input: unknown): void {
  const unsupported = (input as Record<symbol, unknown> | undefined)?.[UNSUPPORTED_FIELD];
  if (typeof unsupported === 'string') throw new InvalidArgumentError('request', `has a field this server does not support: ${unsupported}`);
}

function id(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw new InvalidArgumentError(field, 'is required');
  if (value.length > MAX_ID_CHARS || !/^[A-Za-z0-9_-]+$/.test(value)) throw new InvalidArgumentError(field, `must be 1-${MAX_ID_CHARS} letters, digits, '-' or '_'`);
  return value;
}

/** A window size, undefined when unset (0x0); a half-set or oversized one is refused. */
export function windowSize(w: { rows?: number; cols?: number } | null | undefined, field: string): WindowSize | undefined {
  const rows = Number(w?.rows ?? 0);
  const cols = Number(w?.cols ?? 0);
  if (rows === 0 && cols === 0) return undefined;
  for (const [name, v] of [['rows', rows], ['cols', cols]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > MAX_WINDOW_SIDE) throw new InvalidArgumentError(`${field}.${name}`, `must be 1..${MAX_WINDOW_SIDE}`);
  }
  return { rows, cols };
}

export function validateExecStart(input: ExecInput__Output | undefined): ExecStartRequest {
  refuseUnknown(input);
  if (!input || input.input !== 'start' || !input.start) throw new InvalidArgumentError('start', 'must be the first message of an Exec call');
  const s = input.start;
  const jobId = id(s.jobId, 'start.jobId');
  const taskId = id(s.taskId, 'start.taskId');
  const command = s.command ?? [];
  if (command.length === 0 || command[0] === '') throw new InvalidArgumentError('start.command', 'must name a program (at least one word)');
  if (command.some((w) => w.includes('\0'))) throw new InvalidArgumentError('start.command', 'must not contain NUL characters');
  if (command.reduce((n, w) => n + Buffer.byteLength(w) + 1, 0) > MAX_COMMAND_BYTES) throw new InvalidArgumentError('start.command', `must be at most ${MAX_COMMAND_BYTES} bytes`);
  const window = windowSize(s.window, 'start.window') ?? DEFAULT_WINDOW;
  return { jobId, taskId, command, tty: s.tty === true, window, stdin: s.stdin === true };
}

export function validateAttachStart(input: AttachInput__Output | undefined): AttachStartRequest {
  refuseUnknown(input);
  if (!input || input.input !== 'start' || !input.start) throw new InvalidArgumentError('start', 'must be the first message of an Attach call');
  const s = input.start;
  const window = windowSize(s.window, 'start.window');
  return { jobId: id(s.jobId, 'start.jobId'), taskId: id(s.taskId, 'start.taskId'), ...(window ? { window } : {}), replay: s.replay === true };
}
