// The local cluster's throw-away CA: certificates issued at once for many daemons (troupe up
// issues every worker's together), each for its names, signed by the CA, kept and reused.
import test from 'ava';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalPki } from '../../src/security/local-pki.ts';
import { loadTlsMaterial } from '../../src/security/daemon-tls.ts';

test('certificates issued concurrently are each valid for their names, signed by the CA, and reused', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'troupe-pki-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const pki = await LocalPki.open(dir);
  const issued = await Promise.all(Array.from({ length: 8 }, (_, i) => pki.issue(`node-${i}`, [`127.0.1.${i + 1}`, `node-${i}.local`])));
  const ca = new X509Certificate(readFileSync(pki.caCert));
  const serials = new Set<string>();
  for (const [i, files] of issued.entries()) {
    const cert = new X509Certificate(readFileSync(files.cert));
    t.true(cert.verify(ca.publicKey), `node-${i} is signed by the CA`);
    t.truthy(cert.checkIP(`127.0.1.${i + 1}`));
    t.truthy(cert.checkHost(`node-${i}.local`));
    t.falsy(cert.checkIP(`127.0.1.${i + 2}`));
    serials.add(cert.serialNumber);
    t.is(statSync(files.key).mode & 0o077, 0, 'keys are readable by their owner only');
    t.notThrows(() => loadTlsMaterial(files));
  }
  t.is(serials.size, 8, 'every certificate has a serial of its own');
  const before = readFileSync(issued[0]!.cert, 'utf8');
  t.is(readFileSync((await pki.issue('node-0', ['127.0.1.1', 'node-0.local'])).cert, 'utf8'), before, 'the same names: the certificate is kept');
  t.not(readFileSync((await pki.issue('node-0', ['127.0.1.9'])).cert, 'utf8'), before, 'other names: a new one');
  t.throws(() => loadTlsMaterial({ ...issued[1]!, key: issued[2]!.key }), { message: /is not the key of --tls-cert/ });
});
