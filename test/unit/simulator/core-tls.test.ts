import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAxiosTransport } from '../../../src/providers/common/axios-transport.js';
import { TransportError } from '../../../src/providers/common/transport.js';
import { SimAdminClient } from '../../../src/simulator/admin-client.js';
import { startSimulator } from '../../../src/simulator/server.js';
import { AUTH, KEY, fakeCloud, status } from './core-fixtures.js';

const scenario = {
  credentials: [KEY],
  clusters: [{ provider: 'AlibabaACK' as const, clusterID: 'c1', state: status('upgrading') }],
};

describe('TLS', () => {
  it('serves HTTPS that verifies against the returned CA, for 127.0.0.1 and localhost', async () => {
    const sim = await startSimulator({ clouds: [fakeCloud], scenario, tls: true });
    try {
      expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(sim.caCert).toMatch(/BEGIN CERTIFICATE/);
      const transport = createAxiosTransport({ ca: sim.caCert as string });
      for (const base of [sim.url, `https://localhost:${sim.port}`]) {
        const reply = await transport({ method: 'GET', url: `${base}/fake/c1/status`, headers: AUTH });
        expect(reply.status).toBe(200);
        expect(JSON.parse(reply.body).upgrade_step).toBe('upgrading');
      }
      const admin = new SimAdminClient({ baseUrl: sim.url, ca: sim.caCert as string });
      expect((await admin.health()).status).toBe('ok');
    } finally {
      await sim.stop();
    }
    expect(existsSync(sim.caFile as string)).toBe(false);
  });

  it('a client that does not trust the CA fails verification (TLS stays on)', async () => {
    const sim = await startSimulator({ clouds: [fakeCloud], scenario, tls: true });
    try {
      const error = await createAxiosTransport()({
        method: 'GET',
        url: `${sim.url}/fake/c1/status`,
        headers: AUTH,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({ reason: 'tls' });
    } finally {
      await sim.stop();
    }
  });

  it('with certDir the files persist and are reused by the next start', async () => {
    const certDir = await mkdtemp(join(tmpdir(), 'sim-certs-'));
    const first = await startSimulator({ clouds: [fakeCloud], tls: true, certDir });
    await first.stop();
    expect(first.caFile).toBe(join(certDir, 'ca.pem'));
    expect(await readFile(join(certDir, 'ca.pem'), 'utf8')).toBe(first.caCert);
    const second = await startSimulator({ clouds: [fakeCloud], tls: true, certDir });
    await second.stop();
    expect(second.caCert).toBe(first.caCert);
    const ca = new X509Certificate(first.caCert as string);
    expect(ca.ca).toBe(true);
  });
});
