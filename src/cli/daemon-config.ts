// `troupe coordinator|worker --config FILE`: the daemon's options in a JSON file, named as the
// flags are without their dashes ({"nats": "tls://10.0.0.5:4222", "tls-cert": "/etc/troupe/tls/
// node.pem", "plaintext": false, ...}), so that a service manager's command line stays short and
// certificates' paths live in one place. A flag given on the command line wins over the file.
import { readFileSync } from 'node:fs';
import type { CommandArgs, OptionSpecs, RawValues } from './args.ts';
import { UsageError } from './cli-errors.ts';

export const CONFIG_OPTION: OptionSpecs = {
  config: { type: 'string', value: 'FILE', help: 'options as a JSON object keyed by flag name ({"nats": "...", "tls-cert": "..."}); flags given here win' },
};

export function withDaemonConfig(a: CommandArgs, specs: OptionSpecs): CommandArgs {
  const file = a.string('config');
  if (file === undefined) return a;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(`--config ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`, a.usage);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError(`--config ${file}: must be a JSON object`, a.usage);
  const values: RawValues = {};
  for (const [key, value] of Object.entries(parsed)) {
    const spec = specs[key];
    if (!spec || key === 'config' || key === 'help') throw new UsageError(`--config ${file}: unknown option '${key}'`, a.usage);
    if (spec.type === 'boolean') {
      if (typeof value !== 'boolean') throw new UsageError(`--config ${file}: '${key}' must be true or false`, a.usage);
      if (value) values[key] = true;
    } else if (spec.multiple) {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new UsageError(`--config ${file}: '${key}' must be a list of strings`, a.usage);
      values[key] = value as string[];
    } else {
      if (typeof value !== 'string' && typeof value !== 'number') throw new UsageError(`--config ${file}: '${key}' must be a string`, a.usage);
      values[key] = String(value);
    }
  }
  return a.under(values);
}

/** Flags (`--name value`, or `--name` alone before another flag: true) as a --config object:
 *  how a daemon someone else starts later (a node provider's worker) is given them in one file. */
export function flagsAsConfig(flags: readonly string[]): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < flags.length; i++) {
    const name = flags[i]!.replace(/^--/, '');
    const next = flags[i + 1];
    if (next === undefined || next.startsWith('--')) out[name] = true;
    else {
      out[name] = next;
      i++;
    }
  }
  return out;
}
