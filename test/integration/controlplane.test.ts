import { existsSync, readFileSync } from 'node:fs';
import {
  ApiException,
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
  VersionApi,
} from '@kubernetes/client-node';
import { pinnedVersions, startControlPlane, type ControlPlane } from '../../src/controlplane/index.js';
import { waitUntil } from '../../src/controlplane/wait.js';
import {
  mintSharedServiceAccountKubeconfig,
  sharedControlPlaneInfo,
  sharedKubeConfig,
} from '../helpers/controlplane-shared.js';

const pinned = pinnedVersions();
const SLOW_TEST_MS = 120_000;

function statusOf(err: unknown): number | undefined {
  return err instanceof ApiException ? err.code : undefined;
}

async function listSecretsStatus(kc: KubeConfig, namespace: string): Promise<number> {
  try {
    await kc.makeApiClient(CoreV1Api).listNamespacedSecret({ namespace });
    return 200;
  } catch (err) {
    const code = statusOf(err);
    if (code === undefined) throw err;
    return code;
  }
}

function processAlive(pid: number): boolean {
  // A zombie still has a /proc entry; treat state Z as gone.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z /.test(stat);
  } catch {
    return false;
  }
}

describe('shared control plane (jest globalSetup)', () => {
  it('serves /version with the pinned Kubernetes version', async () => {
    const info = await sharedKubeConfig().makeApiClient(VersionApi).getCode();
    expect(info.gitVersion).toBe(pinned.kubernetes);
    expect(sharedControlPlaneInfo().version).toBe(pinned.kubernetes);
    expect(`v${sharedControlPlaneInfo().etcdVersion}`).toBe(pinned.etcd);
  });

  it('enforces RBAC on a minted ServiceAccount kubeconfig', async () => {
    const namespace = `cp-rbac-${Date.now()}`;
    const saPath = await mintSharedServiceAccountKubeconfig(namespace, 'reader');
    const sa = new KubeConfig();
    sa.loadFromFile(saPath);
    expect(sa.getCurrentUser()?.name).toBe(`system:serviceaccount:${namespace}:reader`);

    expect(await listSecretsStatus(sa, namespace)).toBe(403);

    const rbac = sharedKubeConfig().makeApiClient(RbacAuthorizationV1Api);
    await rbac.createNamespacedRole({
      namespace,
      body: {
        metadata: { name: 'secret-reader' },
        rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }],
      },
    });
    await rbac.createNamespacedRoleBinding({
      namespace,
      body: {
        metadata: { name: 'reader-secret-reader' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'secret-reader' },
        subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace }],
      },
    });
    // The RBAC authorizer reads through an informer: allow it to catch up.
    await waitUntil(
      'RoleBinding to take effect',
      async () => (await listSecretsStatus(sa, namespace)) === 200,
      {
        timeoutMs: 15_000,
        intervalMs: 200,
      },
    );
    // Still nothing beyond the grant.
    expect(await listSecretsStatus(sa, 'default')).toBe(403);
  }, 30_000);
});

describe('own control plane', () => {
  let cp: ControlPlane | undefined;

  afterAll(async () => {
    await cp?.stop();
  }, SLOW_TEST_MS);

  it(
    'keeps data and its address across a kube-apiserver restart, and stop() leaves nothing',
    async () => {
      cp = await startControlPlane();
      const core = cp.kubeConfig.makeApiClient(CoreV1Api);
      await core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'survives-restart' }, data: { answer: '42' } },
      });
      const firstPid = cp.pids().apiServer;
      const server = cp.server;

      await cp.restartApiServer();

      expect(cp.pids().apiServer).toBeDefined();
      expect(cp.pids().apiServer).not.toBe(firstPid);
      expect(cp.server).toBe(server);
      // The same KubeConfig (same port, same serving cert, same token) still works.
      const cm = await core.readNamespacedConfigMap({ namespace: 'default', name: 'survives-restart' });
      expect(cm.data).toEqual({ answer: '42' });
      const minted = new KubeConfig();
      minted.loadFromFile(await cp.mintServiceAccountKubeconfig('after-restart', 'bot'));
      expect(await listSecretsStatus(minted, 'after-restart')).toBe(403);

      const pids = cp.pids();
      const dir = cp.dir;
      expect(pids.apiServer && processAlive(pids.apiServer)).toBe(true);
      expect(pids.etcd && processAlive(pids.etcd)).toBe(true);

      await cp.stop();

      for (const pid of [pids.apiServer, pids.etcd]) {
        expect(pid).toBeDefined();
        expect(processAlive(pid as number)).toBe(false);
      }
      expect(existsSync(dir)).toBe(false);
      expect(cp.pids()).toEqual({ apiServer: undefined, etcd: undefined });
    },
    SLOW_TEST_MS,
  );
});
