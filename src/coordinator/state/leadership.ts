// One coordinator at a time. A lease in JetStream KV (written with revision checks) says who
// leads and until when; the leader renews it, others wait as standbys and take over once it
// expires, or at once when the leader releases it on a clean stop. A leader that fails to renew
// (someone else took over after a pause or a partition) has lost: it must stop at once.
// nats-server 2.9 has no per-key TTL, so expiry is a timestamp in the value (clocks of the
// machines running coordinators must agree to well within the lease, as NTP gives).
import type { KV } from '@nats-io/kv';
import { decode, encode } from '../../protocol/nats/codec.ts';
import type { Logger } from '../../protocol/log.ts';

export const LEASE_KEY = 'leader';

interface LeaseValue {
  holder: string;
  expiresAt: number;
}

export interface Lease {
  /** Resolves if leadership is lost (the caller must stop serving). */
  lost: Promise<string>;
  /** True while the lease is certainly still ours by this machine's clock. Every store write
   *  asks, so a leader paused (or cut off) past its lease writes nothing until a renewal shows
   *  whether it still leads. */
  holds(): boolean;
  /** Gives leadership up (a standby can take over at once). */
  release(): Promise<void>;
}

export async function acquireLeadership(kv: KV, holder: string, leaseMs: number, log: Logger): Promise<Lease> {
  const acquired = await waitForLease(kv, holder, leaseMs, log);
  let revision = acquired.revision;
  // From when the winning write was asked for, not from when we started waiting as a standby.
  let validUntil = acquired.askedAt + leaseMs;
  let released = false;
  let lostAlready = false;
  let signalLost!: (why: string) => void;
  const lost = new Promise<string>((resolve) => (signalLost = (why) => {
    lostAlready = true;
    resolve(why);
  }));
  const renew = async () => {
    const asked = Date.now();
    try {
      revision = await kv.update(LEASE_KEY, encode({ holder, expiresAt: asked + leaseMs } satisfies LeaseValue), revision);
      validUntil = asked + leaseMs;
    } catch (err) {
      if (released) return;
      // Not ours any more if someone wrote it; a store hiccup is retried until the lease runs out.
      const current = await kv.get(LEASE_KEY).catch(() => null);
      const value = current?.operation === 'PUT' ? decode<LeaseValue>(current.value) : undefined;
      if (value && value.holder !== holder) {
        clearInterval(timer);
        signalLost(`leadership taken over by ${value.holder}`);
      } else {
        log.warn('could not renew the coordinator lease, retrying', { err });
        if (current) revision = current.revision;
      }
    }
  };
  const timer = setInterval(() => void renew(), Math.max(100, Math.floor(leaseMs / 3)));
  return {
    lost,
    holds() {
      // Past validUntil we may or may not have been replaced: refuse to write until the next
      // renewal tells (it succeeds if nobody took over, e.g. after NATS itself was down; it
      // signals `lost` if someone did).
      return !lostAlready && !released && Date.now() < validUntil;
    },
    async release() {
      released = true;
      clearInterval(timer);
      await kv.delete(LEASE_KEY, { previousSeq: revision }).catch(() => {});
    },
  };
}

/** Loops until this holder has the lease; returns its revision and when the write was asked. */
async function waitForLease(kv: KV, holder: string, leaseMs: number, log: Logger): Promise<{ revision: number; askedAt: number }> {
  let told = false;
  for (;;) {
    const entry = await kv.get(LEASE_KEY);
    const value = entry?.operation === 'PUT' ? decode<LeaseValue>(entry.value) : undefined;
    const askedAt = Date.now();
    const next = encode({ holder, expiresAt: askedAt + leaseMs } satisfies LeaseValue);
    const free = !value || value.expiresAt < Date.now();
    if (free) {
      try {
        const revision = entry ? await kv.update(LEASE_KEY, next, entry.revision) : await kv.create(LEASE_KEY, next);
        return { revision, askedAt };
      } catch {
        continue; // another standby was faster: look again
      }
    }
    if (!told) {
      log.info('standby: another coordinator leads', { leader: value!.holder, leaseExpiresAt: new Date(value!.expiresAt).toISOString() });
      told = true;
    }
    await new Promise((r) => setTimeout(r, Math.min(1000, Math.max(50, value!.expiresAt - Date.now() + 10))));
  }
}
