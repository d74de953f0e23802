// troupe nats-credentials: a daemon's NATS user for a real deployment. Makes its nkey (the seed
// file the daemon is given with --nats-nkey) and prints its entry for nats-server.conf's
// `authorization { users = [...] }`, with the permissions troupe needs of it and no more
// (security/nats-permissions.ts). Run again for the same daemon, it keeps the seed and prints
// the entry again (e.g. after an upgrade of troupe changed the permissions).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from '../command.ts';
import { UsageError } from '../cli-errors.ts';
import { renderUser } from '../../cluster/nats-server-config.ts';
import { createNkeyUser, loadNkeySeed, NatsCredentialsError, writeSeedFile } from '../../security/nats-credentials.ts';
import { identityName, permissionsOf, type NatsIdentity } from '../../security/nats-permissions.ts';

export const natsCredentialsCommand: Command = {
  path: ['nats-credentials'],
  summary: "make a daemon's NATS nkey and print its nats-server.conf entry (users with permissions)",
  synopsis: '(--coordinator | --node ID) --out DIR',
  details: [
    'Writes DIR/<name>.nk (the seed: give it to the daemon as --nats-nkey, keep it mode 0600) and',
    "DIR/<name>.conf (the entry), <name> being 'coordinator' or 'node-<ID>', and prints the entry: add it to",
    "authorization.users in nats-server.conf and run 'nats-server --signal reload'. An existing seed is kept.",
  ].join('\n'),
  options: {
    coordinator: { type: 'boolean', help: 'the coordinator (every coordinator of the cluster may share it)' },
    node: { type: 'string', value: 'ID', help: "the worker of this node id (its --node-id): it may speak for that node only" },
    out: { type: 'string', value: 'DIR', help: 'where the seed and the entry are written' },
  },
  async run(ctx) {
    const a = ctx.args;
    const node = a.string('node');
    if (a.flag('coordinator') === (node !== undefined)) throw new UsageError('give exactly one of --coordinator and --node ID', a.usage);
    const out = path.resolve(a.required('out'));
    let identity: NatsIdentity;
    let name: string;
    try {
      identity = node !== undefined ? { role: 'worker', nodeId: node } : { role: 'coordinator' };
      name = identityName(identity);
    } catch (err) {
      throw new UsageError(`--node: ${(err as Error).message}`, a.usage);
    }
    mkdirSync(out, { recursive: true, mode: 0o700 });
    const seedFile = path.join(out, `${name}.nk`);
    let publicKey: string;
    if (existsSync(seedFile)) {
      try {
        publicKey = loadNkeySeed(seedFile, 'the existing seed').publicKey!;
      } catch (err) {
        if (err instanceof NatsCredentialsError) throw new UsageError(err.message, a.usage);
        throw err;
      }
      ctx.err(`troupe: kept the existing seed ${seedFile}`);
    } else {
      const user = createNkeyUser();
      writeSeedFile(seedFile, user.seed);
      publicKey = user.publicKey;
      ctx.err(`troupe: wrote the seed ${seedFile} (mode 0600): give it to the daemon as --nats-nkey`);
    }
    const entry = renderUser({ nkey: publicKey, permissions: permissionsOf(identity), comment: `troupe ${name}` });
    writeFileSync(path.join(out, `${name}.conf`), `${entry}\n`);
    ctx.out(entry);
    ctx.err("troupe: add this entry to authorization.users in nats-server.conf, then 'nats-server --signal reload'");
    return 0;
  },
};
