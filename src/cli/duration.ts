// Durations of the daemons' own flags (--node-timeout, --heartbeat), parsed by the same rules as
// the API's durations; a bad one is a usage error naming the flag.
import { parseDuration } from '../protocol/duration.ts';
import { InvalidArgumentError } from '../protocol/errors.ts';
import { UsageError } from './cli-errors.ts';

export function parseDurationMs(text: string, flag: string): number {
  try {
    const ms = parseDuration(text.trim(), flag);
    if (ms !== undefined) return ms;
  } catch (err) {
    if (!(err instanceof InvalidArgumentError)) throw err;
  }
  throw new UsageError(`${flag} expects a duration like 500ms, 30s, 5m or 1h30m, got '${text}'`);
}
