// The Kubernetes half of keyless credentials on the real kube-apiserver: the ServiceAccount read
// and TokenRequest go through client-node to the control plane, and the token it mints is
// inspected as the cloud would receive it (audience, subject, lifetime). The cloud exchange
// itself is a recording transport here; the simulator's verification of these tokens against
// the kube-apiserver's JWKS is in operator-keyless.test.ts and operator-keyless-rbac.test.ts.
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { applyRuntimeDefaults } from '../../src/api/defaults.js';
import { parseSpec } from '../../src/api/schema.js';
import { createWorkloadIdentitySource } from '../../src/credentials/workload-identity.js';
import type { HttpRequest } from '../../src/providers/common/transport.js';
import { SHARED_KUBECONFIG_ENV } from '../helpers/controlplane-shared.js';

const namespace = `wi-${Date.now().toString(36)}`;
let core: CoreV1Api;

beforeAll(async () => {
  const kc = new KubeConfig();
  kc.loadFromFile(process.env[SHARED_KUBECONFIG_ENV] ?? '');
  core = kc.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: namespace } } });
});

afterAll(async () => {
  await core.deleteNamespace({ name: namespace }).catch(() => undefined);
});

function claims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

const parsed = parseSpec({
  provider: 'AlibabaACK',
  region: 'cn-hangzhou',
  clusterID: 'c1',
  workloadIdentity: {
    serviceAccountName: 'reader',
    roleARN: 'acs:ram::1234567890123456:role/reader',
    oidcProviderARN: 'acs:ram::1234567890123456:oidc-provider/ack-rrsa-c1',
  },
});
if (!parsed.ok) throw new Error(parsed.message);
const spec = applyRuntimeDefaults(parsed.spec);

it('a missing ServiceAccount is CredentialsNotFound; once created, its real token reaches the STS and keys come back', async () => {
  let now = Date.now();
  const sent: HttpRequest[] = [];
  const source = createWorkloadIdentitySource({
    serviceAccounts: core,
    transport: async (request) => {
      sent.push(request);
      const expiration = new Date(now + 3_600_000).toISOString();
      return {
        status: 200,
        headers: {},
        body: JSON.stringify({
          Credentials: {
            AccessKeyId: `STS.${sent.length}`,
            AccessKeySecret: 's',
            SecurityToken: 't',
            Expiration: expiration,
          },
        }),
      };
    },
    clock: { now: () => new Date(now) },
    allowCustomEndpoints: false,
  });
  const get = () =>
    source.get({ namespace, spec, identity: spec.workloadIdentity!, baseUrl: 'https://x.aliyuncs.com' });

  expect(await get()).toMatchObject({ ok: false, error: { class: 'CredentialsNotFound' } });
  expect(sent).toHaveLength(0);

  const account = await core.createNamespacedServiceAccount({
    namespace,
    body: { metadata: { name: 'reader' } },
  });
  const first = await get();
  expect(first).toMatchObject({ ok: true, credentials: { accessKeyId: 'STS.1' } });
  const token = new URLSearchParams(sent[0]!.body).get('OIDCToken') ?? '';
  const c = claims(token);
  expect(c.aud).toEqual(['sts.aliyuncs.com']);
  expect(c.sub).toBe(`system:serviceaccount:${namespace}:reader`);
  expect(Number(c.exp) - Number(c.iat)).toBe(3600);
  expect(JSON.stringify(c)).toContain(account.metadata!.uid!);

  // Deleted and recreated (new uid): the old keys are dropped and a new token is exchanged.
  await core.deleteNamespacedServiceAccount({ namespace, name: 'reader' });
  now += 30_000;
  expect(await get()).toMatchObject({ ok: false, error: { class: 'CredentialsNotFound' } });
  await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: 'reader' } } });
  const again = await get();
  expect(again).toMatchObject({ ok: true, credentials: { accessKeyId: 'STS.2' } });
  expect(again.fingerprint).not.toBe(first.fingerprint);
});
