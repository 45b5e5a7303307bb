// The demo's keyless pair (docs/demo.md): one watch per cloud names a ServiceAccount instead of a
// Secret, and the simulator trusts exactly those ServiceAccounts of the demo namespace under the
// cluster's own issuer. (That the exchange works end to end is test/integration/demo.test.ts.)

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSpec } from '../../../src/api/schema.js';
import { demoTrust, keylessServiceAccounts, scenarioTrusting } from '../../../src/demo/keyless.js';
import { DEMO_NAMESPACE, DEMO_SAMPLES, watchManifest } from '../../../src/demo/samples.js';
import { parseScenario } from '../../../src/simulator/scenario.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ISSUER = { issuer: 'https://kubernetes.default.svc.cluster.local', jwks: { keys: [{ kty: 'RSA' }] } };

const keyless = DEMO_SAMPLES.filter((sample) => sample.spec.workloadIdentity !== undefined);

describe('the demo’s keyless watches', () => {
  it('one per cloud, each on its own ServiceAccount', () => {
    expect(keyless.map((sample) => sample.spec.provider)).toEqual(['AlibabaACK', 'HuaweiCCE', 'AWSEKS']);
    expect(keylessServiceAccounts(DEMO_SAMPLES)).toEqual([
      'upgrade-reader-alibaba',
      'upgrade-reader-huawei',
      'upgrade-reader-aws',
    ]);
  });

  it.each(DEMO_SAMPLES.map((sample) => [sample.name, sample] as const))(
    '%s: a spec the operator accepts, with exactly one credentials source',
    (_name, sample) => {
      const spec = watchManifest(sample, 'http://127.0.0.1:1234').spec;
      // The CRD's rules in zod: both sources, or a cloud's keyless field missing, is refused.
      expect(parseSpec(spec)).toMatchObject({ ok: true });
      expect([spec.credentialsRef !== undefined, spec.workloadIdentity !== undefined]).toEqual([
        sample.spec.workloadIdentity === undefined,
        sample.spec.workloadIdentity !== undefined,
      ]);
    },
  );

  it('the simulator trusts exactly the keyless ServiceAccounts of the demo namespace, under the cluster issuer', () => {
    const trust = parseScenario({ workloadIdentity: demoTrust(ISSUER, DEMO_SAMPLES) }).trust;
    const subjects = [
      `system:serviceaccount:${DEMO_NAMESPACE}:upgrade-reader-alibaba`,
      `system:serviceaccount:${DEMO_NAMESPACE}:upgrade-reader-huawei`,
      `system:serviceaccount:${DEMO_NAMESPACE}:upgrade-reader-aws`,
    ];
    // One RAM role (Alibaba) and one IAM role (AWS), each trusting exactly those subjects.
    expect(trust.roles.map((role) => role.subjects)).toEqual([subjects, subjects]);
    expect(trust.idpMappings.map((mapping) => mapping.subjects)).toEqual([subjects]);
    // Entra's federated credential and Google's pool provider trust the same subjects.
    expect(trust.federatedCredentials.map((credential) => credential.subjects)).toEqual([subjects]);
    expect(trust.poolProviders.map((provider) => provider.subjects)).toEqual([subjects]);
    expect(trust.oidcProviders.map((provider) => provider.issuer)).toEqual(
      Array.from({ length: 5 }, () => ISSUER.issuer),
    );
    // Each sample's role/provider or IdP/audience is one the simulator knows.
    const [ack, cce, eks] = keyless.map((sample) => sample.spec.workloadIdentity!);
    expect(trust.roles[0]).toMatchObject({ arn: ack!.roleARN, oidcProviderArn: ack!.oidcProviderARN });
    const eksRole = trust.roles.find((role) => role.arn === eks!.roleARN);
    expect(trust.oidcProviders.find((p) => p.id === eksRole?.oidcProviderArn)?.audiences).toEqual([
      'sts.amazonaws.com',
    ]);
    expect(trust.oidcProviders.find((p) => p.id === cce!.idpID)?.audiences).toEqual([cce!.audience]);
    expect(trust.oidcProviders.find((p) => p.id === ack!.oidcProviderARN)?.audiences).toEqual([
      'sts.aliyuncs.com',
    ]);
  });

  it('the shipped scenario, with that trust added, is still a valid scenario with all its clusters', async () => {
    const input = await scenarioTrusting(join(ROOT, 'scenarios/demo.yaml'), demoTrust(ISSUER, DEMO_SAMPLES));
    const scenario = parseScenario(input);
    expect(scenario.clusters.length).toBeGreaterThanOrEqual(7);
    expect(scenario.trust.roles).toHaveLength(2);
  });
});
