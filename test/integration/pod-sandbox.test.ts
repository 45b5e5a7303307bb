// The operator in the pod's sandbox: dist/main.js started the way the Deployment starts it —
// the image's ENTRYPOINT with the chart's args and env (test/helpers/shipped-pod.ts reads both
// from the Dockerfile and `helm template`), as uid/gid 65532 without capabilities, on a
// read-only root where only /tmp is writable, with the image's NODE_OPTIONS, and with the
// in-cluster config a pod gets (KUBERNETES_SERVICE_HOST/PORT and the mounted ServiceAccount
// token + CA; the token is one of the ServiceAccount that deploy/rbac/ binds). Under bubblewrap
// (Debian package `bubblewrap`, installed by scripts/setup.sh). It must become Ready and take a
// watch to Succeeded against the simulator.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { freePort } from '../../src/controlplane/ports.js';
import { findObject, helmTemplate, readRepoFile } from '../unit/packaging/support.js';
import {
  clusterId,
  putState,
  setupSuite,
  specFor,
  teardownSuite,
  type Suite,
} from '../helpers/operator-fixture.js';
import {
  createWatch,
  ensureOperatorBuilt,
  eventually,
  OPERATOR_NAMESPACE,
  ROOT,
  waitForWatch,
} from '../helpers/operator-harness.js';
import { ACK } from '../helpers/operator-states.js';
import { sandboxArgv, shippedPod, type DeploymentObject, type ShippedPod } from '../helpers/shipped-pod.js';

/** The files a pod finds in /var/run/secrets/kubernetes.io/serviceaccount. */
function serviceAccountDir(saKubeconfig: string, namespace: string): string {
  const kc = new KubeConfig();
  kc.loadFromFile(saKubeconfig);
  const token = kc.getCurrentUser()?.token;
  const cluster = kc.getCurrentCluster();
  const ca = cluster?.caData
    ? Buffer.from(cluster.caData, 'base64').toString('utf8')
    : cluster?.caFile && readFileSync(cluster.caFile, 'utf8');
  if (!token || !ca) throw new Error(`${saKubeconfig} has no token or CA`);
  const dir = mkdtempSync(join(tmpdir(), 'uw-sa-'));
  writeFileSync(join(dir, 'token'), token);
  writeFileSync(join(dir, 'ca.crt'), ca);
  writeFileSync(join(dir, 'namespace'), namespace);
  chmodSync(dir, 0o755); // readable by uid 65532, like the kubelet's projected volume
  for (const f of ['token', 'ca.crt', 'namespace']) chmodSync(join(dir, f), 0o644);
  return dir;
}

/** bubblewrap's pid → the sandboxed process (bwrap does not forward signals). */
function sandboxedPid(bwrapPid: number): number | undefined {
  const children = readFileSync(`/proc/${bwrapPid}/task/${bwrapPid}/children`, 'utf8').trim();
  const first = Number(children.split(/\s+/)[0]);
  return Number.isInteger(first) && first > 0 ? first : undefined;
}

const probe = async (url: string): Promise<number | undefined> =>
  fetch(url)
    .then((r) => r.status)
    .catch(() => undefined);

describe('the operator in the pod sandbox (bubblewrap)', () => {
  let suite: Suite | undefined;
  let saDir: string | undefined;
  let child: ChildProcess | undefined;
  let exited: Promise<number | null> | undefined;
  const output: string[] = [];
  const logTail = () => `\n----- sandboxed operator output -----\n${output.slice(-80).join('')}`;

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL'); // --die-with-parent ends the operator
    await exited;
    await teardownSuite(suite);
    if (saDir) rmSync(saDir, { recursive: true, force: true });
  });

  it('reaches Ready and takes a watch to Succeeded as uid 65532 on a read-only root', async () => {
    await ensureOperatorBuilt();
    suite = await setupSuite('sandbox');
    const [metricsPort, probePort] = [await freePort(), await freePort()];
    // The chart as an admin would install it for this test: the simulator is a custom endpoint,
    // the selector keeps other files' objects out, free ports because the network is the host's.
    const objects = helmTemplate(
      [
        '--set',
        'allowCustomEndpoints=true',
        '--set-string',
        `selector=${suite.space.selector}`,
        '--set',
        `metrics.port=${metricsPort}`,
        '--set',
        `healthProbe.port=${probePort}`,
      ],
      'upgradewatch',
      OPERATOR_NAMESPACE,
    );
    const pod: ShippedPod = shippedPod(
      readRepoFile('Dockerfile'),
      findObject(objects, 'Deployment') as unknown as DeploymentObject,
    );
    expect(pod.fieldEnv).toEqual({ POD_NAMESPACE: 'metadata.namespace' });
    saDir = serviceAccountDir(suite.saKubeconfig, OPERATOR_NAMESPACE);
    const server = new URL(suite.kc.getCurrentCluster()?.server ?? '');
    const argv = sandboxArgv(pod, {
      nodeBinary: process.execPath,
      appDir: ROOT,
      serviceAccountDir: saDir,
      podEnv: {
        POD_NAMESPACE: OPERATOR_NAMESPACE,
        KUBERNETES_SERVICE_HOST: server.hostname,
        KUBERNETES_SERVICE_PORT: server.port,
      },
    });
    child = spawn('bwrap', argv, {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '' },
    });
    child.stdout?.setEncoding('utf8').on('data', (c: string) => output.push(c));
    child.stderr?.setEncoding('utf8').on('data', (c: string) => output.push(`[stderr] ${c}`));
    const proc = child;
    exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));

    try {
      await eventually(
        'GET /readyz = 200 from the sandboxed operator',
        async () => {
          if (proc.exitCode !== null) throw new Error(`the sandbox exited ${proc.exitCode}`);
          return (await probe(`http://127.0.0.1:${probePort}/readyz`)) === 200;
        },
        60_000, // a hang guard only: startup takes about a second
        200,
      );
      const started = output.join('');
      expect(started).toContain('upgradewatch started');
      expect(started).not.toContain('EROFS'); // nothing tried to write outside /tmp
      // Inside its user namespace the operator is uid/gid 65532 (mapped onto this test's user).
      const pid = sandboxedPid(proc.pid as number);
      expect(pid).toBeDefined();
      const idOf = (map: string) => readFileSync(`/proc/${pid}/${map}`, 'utf8').trim().split(/\s+/)[0];
      expect([idOf('uid_map'), idOf('gid_map')]).toEqual([String(pod.uid), String(pod.gid)]);
      expect([pod.uid, pod.gid]).toEqual([65532, 65532]);

      const id = clusterId('sandbox');
      putState(suite, 'AlibabaACK', id, ACK.upgrading);
      await createWatch(suite.space, 'in-the-pod', specFor(suite, 'AlibabaACK', id));
      await waitForWatch(suite.space, 'in-the-pod', 'Running', (w) => w.status?.phase === 'Running', 60_000);
      putState(suite, 'AlibabaACK', id, ACK.success);
      const done = await waitForWatch(
        suite.space,
        'in-the-pod',
        'Succeeded',
        (w) => w.status?.phase === 'Succeeded',
        60_000, // one 5 s poll interval; the deadline only guards against a hang
      );
      expect(done.status?.progress).toBe(100);

      // SIGTERM as the kubelet sends it; the operator shuts down cleanly (exit 0).
      process.kill(pid as number, 'SIGTERM');
      expect(await exited).toBe(0);
    } catch (error) {
      throw new Error(`${(error as Error).message}${logTail()}`);
    }
  });
});
