// TLS material for the simulator's HTTPS mode: a throw-away CA and a server certificate for
// 127.0.0.1 / ::1 / localhost, made with the `openssl` CLI (Node cannot issue certificates).
// Clients trust the returned CA PEM; verification stays on everywhere.

import { execFile } from 'node:child_process';
import { X509Certificate, randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const CA_FILE = 'ca.pem';
const CA_KEY_FILE = 'ca-key.pem';
const CERT_FILE = 'server.pem';
const KEY_FILE = 'server-key.pem';
const VALID_DAYS = 30;
const DAY_MS = 86_400_000;

export interface TlsMaterial {
  key: string;
  cert: string;
  /** The CA certificate (PEM) clients must trust. */
  ca: string;
  /** Where the CA PEM is on disk. */
  caFile: string;
  /** Delete generated files (only those in a temporary directory). */
  cleanup(): Promise<void>;
}

interface TlsOptions {
  /** Keep (and reuse) the files here; default a temporary directory removed by cleanup(). */
  certDir?: string;
  /** Extra names the certificate must cover besides the loopback ones. */
  hosts?: string[];
  /** The openssl binary. */
  openssl?: string;
}

const LOOPBACK_NAMES = ['127.0.0.1', '::1', 'localhost'];

export async function ensureTlsMaterial(options: TlsOptions = {}): Promise<TlsMaterial> {
  const names = [...new Set([...LOOPBACK_NAMES, ...(options.hosts ?? [])])];
  const temporary = options.certDir === undefined;
  const dir = options.certDir ?? (await mkdtemp(join(tmpdir(), 'upgradewatch-sim-tls-')));
  await mkdir(dir, { recursive: true });
  const cleanup = async () => {
    if (temporary) await rm(dir, { recursive: true, force: true });
  };
  try {
    const reused = temporary ? undefined : await reusable(dir, names);
    const material = reused ?? (await generate(dir, names, options.openssl ?? 'openssl'));
    return { ...material, caFile: join(dir, CA_FILE), cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function reusable(
  dir: string,
  names: string[],
): Promise<{ key: string; cert: string; ca: string } | undefined> {
  try {
    const { key, cert, ca } = await readMaterial(dir);
    const x509 = new X509Certificate(cert);
    if (Date.parse(x509.validTo) - Date.now() < DAY_MS) return undefined;
    if (!x509.checkIssued(new X509Certificate(ca))) return undefined;
    const covered = names.every((name) => (isIP(name) ? x509.checkIP(name) : x509.checkHost(name)));
    return covered ? { key, cert, ca } : undefined;
  } catch {
    return undefined;
  }
}

function subjectAltNames(names: string[]): string {
  return names.map((name) => (isIP(name) ? `IP:${name}` : `DNS:${name}`)).join(',');
}

function opensslConfig(names: string[]): string {
  return [
    '[req]',
    'distinguished_name = dn',
    'prompt = no',
    '[dn]',
    'CN = upgradewatch-sim',
    '[ca_ext]',
    'basicConstraints = critical,CA:TRUE',
    'keyUsage = critical,keyCertSign,cRLSign',
    'subjectKeyIdentifier = hash',
    '[server_ext]',
    'basicConstraints = critical,CA:FALSE',
    'keyUsage = critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage = serverAuth',
    `subjectAltName = ${subjectAltNames(names)}`,
    'authorityKeyIdentifier = keyid',
    '',
  ].join('\n');
}

async function generate(
  dir: string,
  names: string[],
  openssl: string,
): Promise<{ key: string; cert: string; ca: string }> {
  const path = (file: string) => join(dir, file);
  const config = path('openssl.cnf');
  await writeFile(config, opensslConfig(names));
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const days = ['-days', String(VALID_DAYS)];
  try {
    await run(openssl, [
      'req',
      '-x509',
      '-config',
      config,
      '-extensions',
      'ca_ext',
      ...ecKey,
      ...days,
      '-subj',
      '/CN=upgradewatch-sim test CA',
      '-keyout',
      path(CA_KEY_FILE),
      '-out',
      path(CA_FILE),
    ]);
    await run(openssl, [
      'req',
      '-new',
      '-config',
      config,
      ...ecKey,
      '-subj',
      '/CN=localhost',
      '-keyout',
      path(KEY_FILE),
      '-out',
      path('server.csr'),
    ]);
    await run(openssl, [
      'x509',
      '-req',
      '-in',
      path('server.csr'),
      '-CA',
      path(CA_FILE),
      '-CAkey',
      path(CA_KEY_FILE),
      '-set_serial',
      `0x${randomBytes(16).toString('hex')}`,
      ...days,
      '-extfile',
      config,
      '-extensions',
      'server_ext',
      '-out',
      path(CERT_FILE),
    ]);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`could not create the simulator's TLS certificate with ${openssl}: ${detail}`);
  }
  await Promise.all([chmod(path(CA_KEY_FILE), 0o600), chmod(path(KEY_FILE), 0o600)]);
  await Promise.all([rm(path('server.csr'), { force: true }), rm(config, { force: true })]);
  return readMaterial(dir);
}

async function readMaterial(dir: string): Promise<{ key: string; cert: string; ca: string }> {
  const [key, cert, ca] = await Promise.all([
    readFile(join(dir, KEY_FILE), 'utf8'),
    readFile(join(dir, CERT_FILE), 'utf8'),
    readFile(join(dir, CA_FILE), 'utf8'),
  ]);
  return { key, cert, ca };
}
