// Where the CLI finds the API and its credentials: flags, then TROUPE_*, then the config file;
// a broken config file is a usage error naming it, and never takes down a command that does
// not talk to the API (a daemon's own usage error is still shown).
import test from 'ava';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveClientConfig } from '../../src/cli/client-config.ts';
import { runCli } from '../../src/cli/main.ts';
import { captureIo } from './cli-fake-api.ts';

function dir(t: import('ava').ExecutionContext): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'troupe-client-config-'));
  t.teardown(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

test('flags win over the environment, which wins over the config file', (t) => {
  const d = dir(t);
  const ca = path.join(d, 'ca.pem');
  writeFileSync(ca, 'PEM');
  const config = path.join(d, 'config');
  writeFileSync(config, JSON.stringify({ api: 'file:1', token: 'file-token', ca: 'ca.pem' }), { mode: 0o600 });
  const warn: string[] = [];
  const fromFile = resolveClientConfig({}, { TROUPE_CONFIG: config }, (w) => warn.push(w));
  t.like(fromFile, { api: 'file:1', token: 'file-token', file: config });
  t.is(fromFile.ca?.toString(), 'PEM', "the file's CA path is relative to the file");
  t.like(resolveClientConfig({}, { TROUPE_CONFIG: config, TROUPE_API: 'env:2', TROUPE_TOKEN: 'env-token' }, () => {}), { api: 'env:2', token: 'env-token' });
  t.like(resolveClientConfig({ api: 'flag:3', token: 'flag-token' }, { TROUPE_CONFIG: config, TROUPE_API: 'env:2' }, () => {}), { api: 'flag:3', token: 'flag-token' });
  t.deepEqual(warn, []);
  writeFileSync(config, JSON.stringify({ token: 'x' }));
  chmodSync(config, 0o644);
  resolveClientConfig({}, { TROUPE_CONFIG: config }, (w) => warn.push(w));
  t.regex(warn[0]!, /holds a token and can be read by other users: chmod 600/);
  t.is(resolveClientConfig({}, { TROUPE_CONFIG: path.join(d, 'none') }, () => {}).api, '127.0.0.1:7878');
});

test('a broken config file is a usage error naming it and the key', async (t) => {
  const d = dir(t);
  const config = path.join(d, 'config');
  const run = async (argv: string[]) => {
    const cap = captureIo({ env: { TROUPE_CONFIG: config } });
    return { code: await runCli(argv, cap.io), err: cap.stderr() };
  };
  writeFileSync(config, JSON.stringify({ api: '127.0.0.1:1', ca: path.join(d, 'missing.pem') }));
  const missingCa = await run(['pool', 'list']);
  t.is(missingCa.code, 2);
  t.regex(missingCa.err, /config file .*config 'ca' .*missing\.pem: no such file/);
  writeFileSync(config, JSON.stringify({ api: '127.0.0.1:1', tokn: 'x' }));
  t.regex((await run(['pool', 'list'])).err, /unknown key 'tokn' \(known: api, token, ca, pool\)/);
  writeFileSync(config, '{not json');
  t.regex((await run(['pool', 'list'])).err, /config file .*: not JSON/);
  // A daemon does not read the client's config: its own usage error comes through.
  const daemon = await run(['coordinator']);
  t.is(daemon.code, 2);
  t.regex(daemon.err, /missing required option --nats|give this daemon a TLS identity/);
});
