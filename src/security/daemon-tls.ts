// A daemon's TLS identity: one certificate and key (the server certificate of its gRPC services
// and its client certificate towards NATS and other daemons: mutual TLS) and the CA it trusts.
// Read and checked once at start-up, so a missing or mismatched file stops the daemon with a
// message naming the flag, instead of failing every connection later.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TlsFiles } from './local-pki.ts';

export type { TlsFiles } from './local-pki.ts';

/** The PEM contents, loaded. */
export interface TlsMaterial {
  files: TlsFiles;
  cert: Buffer;
  key: Buffer;
  ca: Buffer;
}

export class TlsConfigError extends Error {
  override name = 'TlsConfigError';
}

/** Loads and checks `files` (`flags` names each file's option in messages). */
export function loadTlsMaterial(files: TlsFiles, flags: Record<keyof TlsFiles, string> = { cert: '--tls-cert', key: '--tls-key', ca: '--tls-ca' }): TlsMaterial {
  const read = (which: keyof TlsFiles): Buffer => {
    try {
      return readFileSync(files[which]);
    } catch (err) {
      throw new TlsConfigError(`${flags[which]} ${files[which]}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
    }
  };
  const cert = read('cert');
  const key = read('key');
  const ca = read('ca');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch (err) {
    throw new TlsConfigError(`${flags.cert} ${files.cert}: not a PEM certificate (${(err as Error).message})`);
  }
  try {
    new X509Certificate(ca);
  } catch (err) {
    throw new TlsConfigError(`${flags.ca} ${files.ca}: not a PEM certificate (${(err as Error).message})`);
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch (err) {
    throw new TlsConfigError(`${flags.key} ${files.key}: not a PEM private key (${(err as Error).message})`);
  }
  if (!x509.checkPrivateKey(privateKey)) throw new TlsConfigError(`${flags.key} ${files.key} is not the key of ${flags.cert} ${files.cert}`);
  if (Date.parse(x509.validTo) < Date.now()) throw new TlsConfigError(`${flags.cert} ${files.cert} expired on ${x509.validTo}`);
  return { files, cert, key, ca };
}
