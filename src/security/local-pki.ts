// A throw-away certificate authority for a cluster on one machine (`troupe up`, the tests, the
// benchmarks): the CA and every certificate it issues, made with Debian's openssl (setup installs
// it), ECDSA P-256. Real deployments bring their own certificates (--tls-cert/--tls-key/--tls-ca);
// this only makes the local cluster TLS too, with no step for the user.
//
//   <dir>/ca.pem, ca-key.pem          the CA (its key never leaves <dir>, mode 0600)
//   <dir>/<name>.pem, <name>-key.pem  a leaf issued for `name`: server and client use, its names
//                                     (DNS and IP subject alternative names) as asked
//
// A leaf already there, issued by this CA for the same names, is reused. Serial numbers are
// random (RFC 5280's up to 20 octets), so issuing needs no state besides the CA.
import { execFile } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CA_DAYS = 3650;
const LEAF_DAYS = 825;

/** Where a daemon's TLS material is: its certificate and key, and the CA it trusts. */
export interface TlsFiles {
  cert: string;
  key: string;
  ca: string;
}

export class LocalPki {
  private constructor(readonly dir: string, readonly caCert: string, private readonly caKey: string) {}

  /** The CA in `dir`, created when missing. */
  static async open(dir: string): Promise<LocalPki> {
    const abs = path.resolve(dir);
    await mkdir(abs, { recursive: true, mode: 0o700 });
    const caCert = path.join(abs, 'ca.pem');
    const caKey = path.join(abs, 'ca-key.pem');
    const existing = await readFile(caCert, 'utf8').catch(() => undefined);
    if (!existing || !(await readFile(caKey).catch(() => undefined))) {
      await openssl([
        'req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-keyout', caKey, '-out', caCert, '-days', String(CA_DAYS), '-subj', '/CN=troupe local CA',
        '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
      ]);
      await chmod(caKey, 0o600);
    }
    return new LocalPki(abs, caCert, caKey);
  }

  /** A certificate for `name` valid for `names` (host names and IP addresses), for both ends of
   *  a connection (mutual TLS between daemons). */
  private queue: Promise<unknown> = Promise.resolve();

  issue(name: string, names: readonly string[]): Promise<TlsFiles> {
    // One at a time: two issues of one name would write the same files.
    const issued = this.queue.then(() => this.issueNow(name, names));
    this.queue = issued.catch(() => {});
    return issued;
  }

  private async issueNow(name: string, names: readonly string[]): Promise<TlsFiles> {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw new Error(`certificate name '${name}': use letters, digits, '_', '.', '-' (1..64)`);
    if (names.length === 0) throw new Error(`certificate '${name}': give at least one host name or IP address`);
    const cert = path.join(this.dir, `${name}.pem`);
    const key = path.join(this.dir, `${name}-key.pem`);
    const wanted = subjectAltNames(names);
    if (await this.issuedFor(cert, wanted)) return { cert, key, ca: this.caCert };
    const csr = path.join(this.dir, `${name}.csr`);
    const ext = path.join(this.dir, `${name}.ext`);
    await writeFile(ext, [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth,clientAuth',
      `subjectAltName=${wanted}`,
    ].join('\n') + '\n');
    try {
      await openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', csr, '-subj', `/CN=${name}`]);
      await chmod(key, 0o600);
      // A random serial, not a serial file: issuers in other processes (the daemons of two local
      // clusters share nothing, but a CA file shared by concurrent openssl runs was read half
      // written) need no coordination.
      const serial = `0x${randomBytes(16).toString('hex').replace(/^./, '1')}`;
      await openssl(['x509', '-req', '-in', csr, '-CA', this.caCert, '-CAkey', this.caKey, '-set_serial', serial, '-days', String(LEAF_DAYS), '-out', cert, '-extfile', ext]);
    } finally {
      await rm(csr, { force: true });
      await rm(ext, { force: true });
    }
    return { cert, key, ca: this.caCert };
  }

  private async issuedFor(certPath: string, wanted: string): Promise<boolean> {
    try {
      const [leaf, ca] = await Promise.all([readFile(certPath), readFile(this.caCert)]);
      const x = new X509Certificate(leaf);
      return x.verify(new X509Certificate(ca).publicKey) && normalise(x.subjectAltName ?? '') === normalise(wanted)
        && Date.parse(x.validTo) > Date.now() + 24 * 3600_000;
    } catch {
      return false;
    }
  }
}

function subjectAltNames(names: readonly string[]): string {
  return [...new Set(names)].map((n) => {
    if (isIP(n)) return `IP:${n}`;
    if (!/^[A-Za-z0-9.-]{1,253}$/.test(n)) throw new Error(`'${n}' is neither an IP address nor a host name`);
    return `DNS:${n}`;
  }).join(',');
}

/** openssl's config syntax (IP:) and Node's rendering (IP Address:) of the same names, compared. */
function normalise(sans: string): string {
  return sans.split(',').map((s) => s.trim().replace(/^IP Address:/, 'IP:')).sort().join(',');
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args, { timeout: 30_000 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new Error("openssl not found on PATH: install it (apt-get install openssl) or run 'npm run setup'");
    throw new Error(`openssl ${args[0]} failed: ${(e.stderr ?? e.message).trim()}`);
  }
}
