// The UNAVAILABLE hint says what really failed, with real sockets: a closed port, a name that
// does not resolve, a TLS server whose certificate comes from another CA, and a server that
// answers UNAVAILABLE itself.
import test from 'ava';
import http2 from 'node:http2';
import net from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/main.ts';
import { LocalPki } from '../../src/security/local-pki.ts';
import { captureIo } from './cli-fake-api.ts';

async function troupe(argv: string[], env: Record<string, string> = {}) {
  const cap = captureIo({ env: { TROUPE_CONFIG: '/nonexistent/troupe-config', ...env } });
  const code = await runCli(argv, cap.io);
  return { code, err: cap.stderr() };
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('a closed port: connection refused at the address', async (t) => {
  const port = await closedPort();
  const r = await troupe(['pool', 'list', '--api', `127.0.0.1:${port}`]);
  t.is(r.code, 1);
  t.regex(r.err, new RegExp(`hint: connection refused at 127\\.0\\.0\\.1:${port}: nothing listens there`));
});

test('a name that does not resolve: DNS', async (t) => {
  const r = await troupe(['pool', 'list', '--api', 'no-such-host.invalid:7878']);
  t.is(r.code, 1);
  t.regex(r.err, /hint: DNS: the host of no-such-host\.invalid:7878 does not resolve/);
});

test("a server whose certificate another CA signed: the TLS handshake failed, with the certificate's problem", async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-hint-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const [serverPki, otherPki] = await Promise.all([LocalPki.open(path.join(dir, 'server')), LocalPki.open(path.join(dir, 'other'))]);
  const files = await serverPki.issue('api', ['127.0.0.1']);
  const server = http2.createSecureServer({ cert: await readFile(files.cert), key: await readFile(files.key) });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const address = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  const r = await troupe(['pool', 'list', '--api', address, '--ca', otherPki.caCert]);
  t.is(r.code, 1);
  t.regex(r.err, new RegExp(`hint: TLS handshake with ${address.replace(/\./g, '\\.')} failed \\(.*(certificate|signature).*\\): give the cluster's CA with --ca`));
});

test('a server that answers UNAVAILABLE itself: its message, no "is troupe running?"', async (t) => {
  const server = http2.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/grpc' });
    res.addTrailers({ 'grpc-status': '14', 'grpc-message': 'not the leader: lost leadership to coordinator-2' });
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const address = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  const r = await troupe(['pool', 'list', '--api', `http://${address}`]);
  t.is(r.code, 1);
  t.regex(r.err, /error: UNAVAILABLE: not the leader: lost leadership to coordinator-2/);
  t.regex(r.err, /hint: the API at .* answered, but cannot serve this now .*: the coordinator is not the leader/);
  t.notRegex(r.err, /Is troupe running/);
});
