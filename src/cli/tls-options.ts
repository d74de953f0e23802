// The daemons' TLS flags, shared by `troupe coordinator` and `troupe worker`: one identity per
// daemon for every link it has (its gRPC services, NATS, other daemons). Safe by default: a daemon
// given neither certificates nor --plaintext does not start.
import type { CommandArgs, OptionSpecs } from './args.ts';
import { UsageError } from './cli-errors.ts';
import { loadTlsMaterial, TlsConfigError, type TlsMaterial } from '../security/daemon-tls.ts';

export const TLS_OPTIONS: OptionSpecs = {
  'tls-cert': { type: 'string', value: 'FILE', help: "this daemon's certificate (PEM): served on its gRPC ports, presented to NATS and to other daemons" },
  'tls-key': { type: 'string', value: 'FILE', help: 'the private key of --tls-cert (PEM)' },
  'tls-ca': { type: 'string', value: 'FILE', help: 'the CA certificate(s) (PEM) that peers and the NATS server are verified against' },
  plaintext: { type: 'boolean', help: 'no TLS on any link of this daemon: only on a network where every host is trusted' },
};

export const TLS_SYNOPSIS = '(--tls-cert FILE --tls-key FILE --tls-ca FILE | --plaintext)';

/** The daemon's TLS material, or undefined with --plaintext; a UsageError naming the flag when
 *  the combination is incomplete or a file is unusable. */
export function daemonTls(a: CommandArgs): TlsMaterial | undefined {
  const given = (['tls-cert', 'tls-key', 'tls-ca'] as const).filter((f) => a.has(f));
  if (a.flag('plaintext')) {
    if (given.length > 0) throw new UsageError(`--plaintext and --${given[0]} exclude each other`, a.usage);
    return undefined;
  }
  if (given.length === 0) {
    throw new UsageError('give this daemon a TLS identity (--tls-cert, --tls-key, --tls-ca), or --plaintext to run without TLS on a trusted network', a.usage);
  }
  const missing = (['tls-cert', 'tls-key', 'tls-ca'] as const).filter((f) => !a.has(f));
  if (missing.length > 0) throw new UsageError(`--${missing.join(', --')} missing: --tls-cert, --tls-key and --tls-ca go together`, a.usage);
  try {
    return loadTlsMaterial({ cert: a.required('tls-cert'), key: a.required('tls-key'), ca: a.required('tls-ca') });
  } catch (err) {
    if (err instanceof TlsConfigError) throw new UsageError(err.message, a.usage);
    throw err;
  }
}
