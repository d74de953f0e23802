// What to tell a user whose call failed UNAVAILABLE: what really failed, read from the error.
// Either no server answered (the connection was refused, the name did not resolve, the TLS
// handshake failed, the connection timed out or was reset), or the API answered UNAVAILABLE
// itself (a coordinator that lost its leadership or its state store, a node that cannot be
// reached): then its own message says why, and "is troupe running?" would mislead.

export interface UnavailableError {
  details?: string;
  message: string;
  /** Set by the CLI's client (wire-client.ts) when no server answered. */
  connectionFailed?: boolean;
}

export function unavailableHint(err: UnavailableError, address: string): string {
  const details = err.details || err.message;
  if (err.connectionFailed === false) {
    return `the API at ${address} answered, but cannot serve this now (${details.trim()}): `
      + (/leader|standby/i.test(details) ? 'the coordinator is not the leader: retry, or reach the leading coordinator' : 'retry later');
  }
  if (/ECONNREFUSED|connection refused/i.test(details)) {
    return `connection refused at ${address}: nothing listens there. Is troupe running? Start one with 'troupe up', or set --api / TROUPE_API`;
  }
  if (/ENOTFOUND|EAI_AGAIN|getaddrinfo|name resolution/i.test(details)) {
    return `DNS: the host of ${address} does not resolve. Check --api / TROUPE_API`;
  }
  const tls = /certificate|self[- ]signed|CERT_|unable to verify|SSL|TLS|handshake|ERR_SSL|altnames|Hostname\/IP does not match/i;
  if (tls.test(details)) {
    return `TLS handshake with ${address} failed (${details.trim()}): give the cluster's CA with --ca / TROUPE_CA (troupe up writes it to its config), `
      + 'or check that the certificate names this address';
  }
  if (/ETIMEDOUT|timed out|timeout/i.test(details)) return `connecting to ${address} timed out: a firewall, or a host that is down`;
  if (/ECONNRESET|socket hang up|EPIPE|GOAWAY/i.test(details)) {
    return `the connection to ${address} was closed by the other side: is it troupe's API (TLS: HOST:PORT, plaintext: http://HOST:PORT)?`;
  }
  return `could not reach the API at ${address} (${details.trim()}). Is troupe running? Start one with 'troupe up', or set --api / TROUPE_API`;
}
