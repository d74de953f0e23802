// How a client reaches the troupe API: the address (TLS unless it says `http://`), the CA its
// certificate is checked against (the system's CAs when none is given), and the bearer token
// every call carries. Shared by the grpc-js clients (api-client.ts, storage-client.ts) and the
// CLI's own (wire-client.ts), which must not load grpc-js: grpc-client-setup.ts has its part.

export interface ApiCredentials {
  /** The bearer token (troupe_<id>_<secret>). */
  token?: string;
  /** PEM of the CA(s) that sign the API's certificate. */
  ca?: Buffer;
}

export interface ApiTarget {
  /** HOST:PORT */
  hostPort: string;
  /** `http://HOST:PORT`: the API runs with --plaintext. */
  plaintext: boolean;
}

/** `HOST:PORT`, `https://HOST:PORT` (TLS) or `http://HOST:PORT` (plaintext). */
export function apiTarget(address: string): ApiTarget {
  const m = /^(https?):\/\/(.+?)\/?$/.exec(address.trim());
  if (!m) return { hostPort: address.trim(), plaintext: false };
  return { hostPort: m[2]!, plaintext: m[1] === 'http' };
}

/** The metadata value of a token. */
export const bearer = (token: string) => `Bearer ${token.trim()}`;
