// The daemons' NATS credentials flags, shared by `troupe coordinator` and `troupe worker`. A
// daemon with a TLS identity must also have NATS credentials (safe by default: a NATS server
// that lets anyone in lets anyone forge any node's results); with --plaintext (a trusted
// network) they are optional.
import type { CommandArgs, OptionSpecs } from './args.ts';
import { UsageError } from './cli-errors.ts';
import { loadCredsFile, loadNkeySeed, NatsCredentialsError, type NatsCredentials } from '../security/nats-credentials.ts';

export const NATS_AUTH_OPTIONS: OptionSpecs = {
  'nats-nkey': { type: 'string', value: 'FILE', help: "this daemon's NATS nkey seed (mode 0600; made by 'troupe nats-credentials')" },
  'nats-creds': { type: 'string', value: 'FILE', help: 'instead of --nats-nkey: a NATS user credentials file (.creds) for a nats-server in operator (JWT) mode' },
};

export const NATS_AUTH_SYNOPSIS = '[--nats-nkey FILE | --nats-creds FILE]';

/** The daemon's credentials, or undefined; a UsageError naming the flag otherwise. */
export function daemonNatsCredentials(a: CommandArgs): NatsCredentials | undefined {
  const nkey = a.string('nats-nkey');
  const creds = a.string('nats-creds');
  if (nkey !== undefined && creds !== undefined) throw new UsageError('--nats-nkey and --nats-creds exclude each other', a.usage);
  if (nkey === undefined && creds === undefined) {
    if (a.flag('plaintext')) return undefined;
    throw new UsageError("give this daemon its NATS credentials (--nats-nkey FILE, made by 'troupe nats-credentials', or --nats-creds FILE), or --plaintext on a trusted network", a.usage);
  }
  try {
    return nkey !== undefined ? loadNkeySeed(nkey) : loadCredsFile(creds!);
  } catch (err) {
    if (err instanceof NatsCredentialsError) throw new UsageError(err.message, a.usage);
    throw err;
  }
}
