// `--nats`: one NATS server, or several of one cluster separated by commas. Apart from the
// connection itself (nats-connection.ts) so the CLI can check the flag without loading nats.js.
import { InvalidArgumentError } from '../errors.ts';

/** `nats://a:4222,nats://b:4222` (or a list of such) as a list of server URLs. */
export function natsServerList(value: string | readonly string[], field = '--nats'): string[] {
  const servers = (typeof value === 'string' ? [value] : value).flatMap((v) => v.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  if (servers.length === 0) throw new InvalidArgumentError(field, 'must name at least one NATS server, e.g. nats://10.0.0.5:4222');
  for (const s of servers) {
    if (/\s/.test(s)) throw new InvalidArgumentError(field, `must be URLs separated by commas, got '${s}'`);
  }
  return servers;
}
