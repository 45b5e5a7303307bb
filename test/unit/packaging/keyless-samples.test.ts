// deploy/samples/keyless/: each file is a ServiceAccount plus a watch naming it, valid for the
// operator (zod parseSpec, the CRD's twin).
import { parseSpec } from '../../../src/api/schema.js';
import { parseYamlStream, readRepoFile } from './support.js';

describe.each(['alibaba-ack.yaml', 'huawei-cce.yaml', 'aws-eks.yaml', 'azure-aks.yaml', 'google-gke.yaml'])(
  'deploy/samples/keyless/%s',
  (file) => {
    const objects = parseYamlStream(readRepoFile('deploy/samples/keyless', file));
    const watch = objects.find((o) => o.kind === 'ClusterUpgradeWatch') as unknown as { spec: unknown };
    const account = objects.find((o) => o.kind === 'ServiceAccount');

    it('is a valid keyless spec naming the ServiceAccount beside it', () => {
      const parsed = parseSpec(watch.spec);
      expect(account?.metadata.name).toEqual(expect.any(String));
      expect(parsed).toMatchObject({
        ok: true,
        spec: { workloadIdentity: { serviceAccountName: account?.metadata.name } },
      });
      expect(parsed.ok && parsed.spec.credentialsRef).toBeUndefined();
    });

    it('sets no namespace: the watch and its ServiceAccount land together', () => {
      for (const o of objects) expect(o.metadata.namespace).toBeUndefined();
    });
  },
);
