// Command-line parsing on top of node:util parseArgs: each command declares its options once
// (with their help text), and reads them back through typed accessors that turn every mistake
// into a UsageError naming the flag.
import { parseArgs } from 'node:util';
import { UsageError } from './cli-errors.ts';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** May be given several times (e.g. --env K=V --env K2=V2). */
  multiple?: boolean;
  /** Placeholder shown in help, e.g. 'ID' in `--pool ID`. */
  value?: string;
  /** Shown in help; applied by the accessors when the flag is absent. */
  default?: string;
  help: string;
  /** An old name of the option named here: its value is read as that option's (the command reads
   *  only the new name), and a deprecation line goes to stderr (main.ts). Kept for one release. */
  aliasOf?: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

export type RawValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export class CommandArgs {
  constructor(
    private readonly values: RawValues,
    readonly positionals: readonly string[],
    /** Everything after a bare `--`, untouched. */
    readonly rest: readonly string[],
    /** The command's synopsis, attached to every UsageError raised here. */
    readonly usage: string,
    /** The options given on the command line (not filled in from their defaults). */
    private readonly given: ReadonlySet<string> = new Set(Object.keys(values)),
  ) {}

  /** These arguments with `values` (from a config file) under them: an option given on the
   *  command line keeps its value, any other takes the file's over its default. */
  under(values: RawValues): CommandArgs {
    const merged: RawValues = { ...this.values };
    for (const [name, value] of Object.entries(values)) if (!this.given.has(name)) merged[name] = value;
    return new CommandArgs(merged, this.positionals, this.rest, this.usage, new Set([...this.given, ...Object.keys(values)]));
  }

  /** Given on the command line (not a default, not from a file). */
  wasGiven(name: string): boolean {
    return this.given.has(name);
  }

  has(name: string): boolean {
    return this.values[name] !== undefined;
  }

  flag(name: string): boolean {
    return this.values[name] === true;
  }

  string(name: string): string | undefined {
    const v = this.values[name];
    return typeof v === 'string' ? v : undefined;
  }

  required(name: string): string {
    const v = this.string(name);
    if (v === undefined || v === '') throw this.usageError(`missing required option --${name}`);
    return v;
  }

  list(name: string): string[] {
    const v = this.values[name];
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  }

  integer(name: string, range: { min?: number; max?: number } = {}): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(n)) {
      throw this.usageError(`--${name} expects an integer, got '${text}'`);
    }
    if (range.min !== undefined && n < range.min) throw this.usageError(`--${name} must be at least ${range.min}`);
    if (range.max !== undefined && n > range.max) throw this.usageError(`--${name} must be at most ${range.max}`);
    return n;
  }

  choice<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(v)) {
      throw this.usageError(`--${name} must be one of ${allowed.join(', ')}, got '${v}'`);
    }
    return v as T;
  }

  /** --env K=V (repeatable) as the API's [{name, value}]; the value may itself contain '='. */
  environment(name = 'env'): { name: string; value: string }[] {
    return this.list(name).map((pair) => {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw this.usageError(`--${name} expects NAME=VALUE, got '${pair}'`);
      return { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
    });
  }

  positional(index: number, label: string): string {
    const v = this.positionals[index];
    if (v === undefined || v === '') throw this.usageError(`missing ${label}`);
    return v;
  }

  usageError(message: string): UsageError {
    return new UsageError(message, this.usage);
  }
}

/**
 * Parses argv against the declared options. `maxPositionals` bounds the words before `--`;
 * `allowRest` says whether a command accepts `-- CMD ARG...`.
 */
export function parseCommandArgs(
  argv: readonly string[],
  specs: OptionSpecs,
  shape: { usage: string; maxPositionals?: number; allowRest?: boolean },
): CommandArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeNumbers(argv, specs), options, strict: true, allowPositionals: true, tokens: true });
  } catch (err) {
    throw new UsageError(simplifyParseError(err), shape.usage);
  }
  const terminator = parsed.tokens.find((t) => t.kind === 'option-terminator');
  const before: string[] = [];
  const rest: string[] = [];
  for (const token of parsed.tokens) {
    if (token.kind !== 'positional') continue;
    (terminator && token.index > terminator.index ? rest : before).push(token.value);
  }
  const maxPositionals = shape.maxPositionals ?? 0;
  if (before.length > maxPositionals) {
    throw new UsageError(`unexpected argument '${before[maxPositionals]}'`, shape.usage);
  }
  if (terminator && !shape.allowRest) {
    throw new UsageError(`this command takes no arguments after '--'`, shape.usage);
  }
  const values: RawValues = { ...parsed.values };
  for (const [name, spec] of Object.entries(specs)) {
    if (!spec.aliasOf || values[name] === undefined) continue;
    if (values[spec.aliasOf] !== undefined) throw new UsageError(`--${name} is an old name of --${spec.aliasOf}: give one of them`, shape.usage);
    values[spec.aliasOf] = values[name];
  }
  const given = new Set(Object.keys(values));
  for (const [name, spec] of Object.entries(specs)) {
    if (values[name] === undefined && spec.default !== undefined) values[name] = spec.default;
  }
  return new CommandArgs(values, before, rest, shape.usage, given);
}

// parseArgs' messages explain its own API ("To specify a positional argument starting with a
// '-', ..."); a CLI user needs only the gist.
function simplifyParseError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown option ${unknown[1]}`;
  const valueProblem = /^Option '([^']+)' argument (missing|is ambiguous)/.exec(message);
  if (valueProblem) {
    // "-o, --output <value>" -> "--output"
    const flag = valueProblem[1].replace(/ <value>$/, '').split(', ').pop()!;
    return valueProblem[2] === 'missing'
      ? `option ${flag} needs a value`
      : `option ${flag} needs a value (for a value starting with '-', write ${flag}=VALUE)`;
  }
  return message.split('\n')[0];
}

// `--retries -1` and `--priority -5` are ordinary values here; parseArgs would take "-1" for a
// flag, so such pairs are joined into `--retries=-1` first.
function joinNegativeNumbers(argv: readonly string[], specs: OptionSpecs): string[] {
  const takesValue = new Set<string>();
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.type !== 'string') continue;
    takesValue.add(`--${name}`);
    if (spec.short) takesValue.add(`-${spec.short}`);
  }
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (takesValue.has(arg) && /^-\d/.test(argv[i + 1] ?? '')) {
      out.push(`${arg}=${argv[++i]}`);
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** The deprecation lines for the old option names `argv` used. */
export function deprecationWarnings(specs: OptionSpecs, args: CommandArgs): string[] {
  return Object.entries(specs)
    .filter(([name, spec]) => spec.aliasOf && args.wasGiven(name))
    .map(([name, spec]) => `warning: --${name} is deprecated and will be removed in the next release: use --${spec.aliasOf}`);
}

/** Help text of an option list: `  --pool ID          the pool (default: local)`. */
export function describeOptions(specs: OptionSpecs): string {
  const rows = Object.entries(specs).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.value ? ` ${spec.value}` : ''}`;
    const extra = [spec.aliasOf ? `deprecated: use --${spec.aliasOf}` : '', spec.multiple ? 'repeatable' : '', spec.default !== undefined ? `default: ${spec.default}` : '']
      .filter(Boolean).join('; ');
    return [flag, extra ? `${spec.help} (${extra})` : spec.help] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return rows.map(([flag, help]) => `  ${flag.padEnd(width)}  ${help}`).join('\n');
}
