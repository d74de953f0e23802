// What every command is: a path (`pool create`), its options with help, and a run function that
// gets a context (where to write, how to reach the API, which output format) and returns the
// process exit code. main.ts only looks these up and runs them.
import { DEFAULT_API_ADDRESS } from '../protocol/grpc/api-address.ts';
import type { BatchApi } from '../protocol/grpc/batch-api.ts';
import type { ApiCredentials } from '../protocol/grpc/api-credentials.ts';
import { resolveClientConfig, type ClientConfig } from './client-config.ts';
import type { CommandArgs, OptionSpecs } from './args.ts';
import { JsonArrayWriter, renderJson, TableWriter, type Column, type OutputFormat } from './output-format.ts';

export type OutputStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/** The process's streams and environment, replaceable in tests. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

export interface Command {
  /** Words that select the command: ['pool', 'create'] or ['up']. */
  path: readonly string[];
  summary: string;
  /** Arguments after the path in the synopsis: `--id ID [--slots N]`. */
  synopsis: string;
  options: OptionSpecs;
  /** Words allowed before `--`, e.g. 1 for `pool show ID`. Default 0. */
  maxPositionals?: number;
  /** Accepts `-- CMD ARG...`. */
  allowRest?: boolean;
  /** Talks to the API: gets --api and -o, and the API client is loaded before it runs. */
  usesApi?: boolean;
  /** Opens API clients of its own (apiAt) without taking --api: the client is loaded too. */
  opensApiClients?: boolean;
  /** Longer help shown under the synopsis. */
  details?: string;
  run(ctx: CommandContext): Promise<number>;
}

export const API_OPTIONS: OptionSpecs = {
  api: { type: 'string', value: 'ADDR', help: `API address, HOST:PORT (TLS) or http://HOST:PORT (env TROUPE_API; default: the config file's, else ${DEFAULT_API_ADDRESS})` },
  token: { type: 'string', value: 'TOKEN', help: "API token (env TROUPE_TOKEN; default: the config file's, ~/.config/troupe/config)" },
  ca: { type: 'string', value: 'FILE', help: "CA certificate the API's is checked against (env TROUPE_CA; default: the config file's, else the system's)" },
  output: { type: 'string', short: 'o', value: 'FORMAT', default: 'table', help: 'output format: table or json' },
};

export const HELP_OPTION: OptionSpecs = {
  help: { type: 'boolean', short: 'h', help: 'show this help' },
};

export function usageLine(command: Command): string {
  return `troupe ${command.path.join(' ')}${command.synopsis ? ` ${command.synopsis}` : ''}`;
}

export class CommandContext {
  private client: BatchApi | undefined;
  private readonly others: BatchApi[] = [];
  readonly output: OutputFormat;

  /** `connect` is the API client's connectApi, given only to commands that talk to an API: the
   *  gRPC client is loaded for them alone (main.ts), so that --help and usage errors answer at once. */
  constructor(readonly io: CliIo, readonly args: CommandArgs, private readonly connect?: (address: string, creds: ApiCredentials) => BatchApi) {
    // Where --output is repeatable (task add: output files too), the format is the last format name.
    const repeated = args.list('output');
    this.output = repeated.length > 0
      ? (repeated.filter((v): v is OutputFormat => v === 'table' || v === 'json').pop() ?? 'table')
      : (args.choice('output', ['table', 'json'] as const) ?? 'table');
  }

  private resolved?: ClientConfig;

  /** The API's address and credentials (client-config.ts: flags, environment, config file). */
  get clientConfig(): ClientConfig {
    this.resolved ??= resolveClientConfig(
      { api: this.args.string('api'), token: this.args.string('token'), ca: this.args.string('ca') },
      this.io.env, (text) => this.err(text));
    return this.resolved;
  }

  get apiAddress(): string {
    return this.clientConfig.api;
  }

  /** Connects on first use, so commands that fail on usage never open a channel. */
  get api(): BatchApi {
    this.client ??= this.connector()(this.apiAddress, this.clientConfig);
    return this.client;
  }

  /** A client of another API than --api's (the demo's own cluster); closed with the context. */
  apiAt(address: string, creds: ApiCredentials): BatchApi {
    const client = this.connector()(address, creds);
    this.others.push(client);
    return client;
  }

  private connector(): (address: string, creds: ApiCredentials) => BatchApi {
    if (!this.connect) throw new Error('this command was not declared usesApi or opensApiClients: no API client was loaded for it');
    return this.connect;
  }

  out(text: string): void {
    this.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  err(text: string): void {
    this.io.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Prints a list page by page as it comes (one page in memory), in the chosen format. */
  async printPages<T>(pages: AsyncIterable<readonly T[]>, columns: readonly Column<T>[]): Promise<void> {
    const json = this.output === 'json' ? new JsonArrayWriter() : undefined;
    const table = new TableWriter(columns);
    let any = false;
    for await (const page of pages) {
      if (page.length === 0 && any) continue;
      any = true;
      const text = json ? json.page(page) : table.page(page);
      if (text && !this.io.stdout.write(text)) await new Promise((r) => this.io.stdout.once('drain', r));
    }
    this.io.stdout.write(json ? json.end() : any ? '' : table.page([]));
  }

  /** Prints one result in the chosen format: the stable JSON form, or the table rendering. */
  print(json: unknown, table: () => string): void {
    this.out(this.output === 'json' ? renderJson(json) : table());
  }

  close(): void {
    this.client?.close();
    this.client = undefined;
    for (const client of this.others.splice(0)) client.close();
  }
}
