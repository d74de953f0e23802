// What makes a local cluster as safe as a real one, with no step for the user: a throw-away CA in
// its data directory with a certificate per daemon, and an admin token the coordinator registers
// at start-up (--admin-token-file). Kept across runs of the same data directory.
import { readFile, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import { LocalPki, type TlsFiles } from '../../security/local-pki.ts';
import { newToken } from '../../coordinator/auth/tokens.ts';
import type { ApiCredentials } from '../../protocol/grpc/api-credentials.ts';

export interface LocalSecurity {
  pki: LocalPki;
  adminTokenFile: string;
  /** What a client of the local API needs: the admin token and the CA. */
  credentials: Required<ApiCredentials>;
  /** A certificate for a daemon reached at `hosts` (IP addresses or names). */
  issue(name: string, hosts: readonly string[]): Promise<TlsFiles>;
}

export async function localSecurity(dataDir: string): Promise<LocalSecurity> {
  const pki = await LocalPki.open(path.join(dataDir, 'pki'));
  const adminTokenFile = path.join(dataDir, 'admin.token');
  let token = (await readFile(adminTokenFile, 'utf8').catch(() => '')).trim();
  if (!token) {
    token = newToken().bearer;
    await writeFile(adminTokenFile, `${token}\n`, { mode: 0o600 });
  }
  return {
    pki,
    adminTokenFile,
    credentials: { token, ca: await readFile(pki.caCert) },
    issue: (name, hosts) => pki.issue(name, [...new Set(['localhost', '127.0.0.1', ...hosts])]),
  };
}

/** A daemon's TLS flags. */
export const tlsArgs = (files: TlsFiles): string[] => ['--tls-cert', files.cert, '--tls-key', files.key, '--tls-ca', files.ca];

/** The host part of HOST:PORT when it is an address a certificate can name. */
export function certificateHosts(listen: string): string[] {
  const host = listen.slice(0, listen.lastIndexOf(':')).replace(/^\[|\]$/g, '');
  return host && host !== '0.0.0.0' && host !== '::' && (isIP(host) || /^[A-Za-z0-9.-]+$/.test(host)) ? [host] : [];
}
