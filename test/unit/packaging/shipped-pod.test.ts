// One process definition for the image, the chart and the sandbox integration test
// (test/integration/pod-sandbox.test.ts): the Dockerfile's ENTRYPOINT is what the pod runs
// (the chart sets no command), with the chart's args; the sandbox runs exactly that argv, as the
// image's user, with exactly the pod's environment, on a read-only root with /tmp writable.
import {
  imageProcess,
  sandboxArgv,
  shippedPod,
  type DeploymentObject,
  type ShippedPod,
} from '../../helpers/shipped-pod.js';
import { findObject, helmTemplate, readRepoFile } from './support.js';

const dockerfile = readRepoFile('Dockerfile');
const image = imageProcess(dockerfile);
const kubelet = { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443', POD_NAMESPACE: 'ns' };

let deployment: DeploymentObject;
let pod: ShippedPod;
let argv: string[];
beforeAll(() => {
  deployment = findObject(helmTemplate(), 'Deployment') as unknown as DeploymentObject;
  pod = shippedPod(dockerfile, deployment);
  argv = sandboxArgv(pod, {
    nodeBinary: '/opt/test/node',
    appDir: '/repo',
    serviceAccountDir: '/sa',
    podEnv: kubelet,
  });
});

/** The values of every `flag a b` triple (e.g. --setenv NAME VALUE) in the bwrap argv. */
function pairs(flag: string): [string, string][] {
  const out: [string, string][] = [];
  const end = argv.indexOf('--');
  for (let i = 0; i < end; i++)
    if (argv[i] === flag) out.push([argv[i + 1] as string, argv[i + 2] as string]);
  return out;
}

describe('the shipped process: Dockerfile, chart, and the sandbox test agree', () => {
  it('the image starts `node dist/main.js` (the bin of package.json) in /app', () => {
    expect(image.entrypoint).toEqual(['node', 'dist/main.js']);
    const pkg = JSON.parse(readRepoFile('package.json')) as { bin: Record<string, string> };
    expect(pkg.bin.upgradewatch).toBe(image.entrypoint[1]);
    expect(image.workdir).toBe('/app');
  });

  it('the chart sets no command, so the pod runs the image ENTRYPOINT with the chart args', () => {
    // A `command:` in the chart would silently replace the ENTRYPOINT the image was built for.
    expect(pod.chartCommand).toBeUndefined();
    const args = deployment.spec.template.spec.containers[0]?.args ?? [];
    expect(args.length).toBeGreaterThan(0);
    expect(pod.argv).toEqual([...image.entrypoint, ...args]);
  });

  it('the sandbox runs exactly that argv, in the image WORKDIR', () => {
    expect(argv.slice(argv.indexOf('--') + 1)).toEqual(pod.argv);
    expect(argv[argv.indexOf('--chdir') + 1]).toBe(image.workdir);
    expect(pairs('--ro-bind')).toContainEqual(['/repo', image.workdir]);
  });

  it("the chart's user is the image's USER 65532:65532, and the sandbox switches to it without capabilities", () => {
    expect([image.uid, image.gid]).toEqual([65532, 65532]);
    expect([pod.uid, pod.gid]).toEqual([image.uid, image.gid]);
    expect(argv.slice(argv.indexOf('--uid'), argv.indexOf('--uid') + 4)).toEqual([
      '--uid',
      '65532',
      '--gid',
      '65532',
    ]);
    expect(argv.slice(argv.indexOf('--cap-drop'), argv.indexOf('--cap-drop') + 2)).toEqual([
      '--cap-drop',
      'ALL',
    ]);
  });

  it('the root is read-only and only /tmp is writable, in the pod and in the sandbox', () => {
    expect(pod.readOnlyRootFilesystem).toBe(true);
    expect(pod.writablePaths).toEqual(['/tmp']);
    expect(argv.filter((a, i) => argv[i - 1] === '--tmpfs')).toEqual(['/tmp']);
    expect(argv.slice(argv.indexOf('--remount-ro'), argv.indexOf('--remount-ro') + 2)).toEqual([
      '--remount-ro',
      '/',
    ]);
  });

  it('the chart keeps the image NODE_OPTIONS (heap cap) and adds only POD_NAMESPACE', () => {
    expect(image.env.NODE_OPTIONS).toBe('--max-old-space-size=256 --max-semi-space-size=4');
    expect(pod.env.NODE_OPTIONS).toBe(image.env.NODE_OPTIONS);
    expect(pod.fieldEnv).toEqual({ POD_NAMESPACE: 'metadata.namespace' });
  });

  it("the sandbox's environment is the pod's and nothing of the test process", () => {
    // --clearenv first, then exactly: PATH, the image ENV + chart env, the kubelet's variables.
    expect(argv.indexOf('--clearenv')).toBeLessThan(argv.indexOf('--setenv'));
    expect(Object.fromEntries(pairs('--setenv'))).toEqual({
      PATH: '/opt/node/bin:/usr/local/bin:/usr/bin:/bin',
      ...pod.env,
      ...kubelet,
    });
    expect(pod.env).toEqual({
      NODE_ENV: 'production',
      HOME: '/tmp',
      TMPDIR: '/tmp',
      NODE_OPTIONS: '--max-old-space-size=256 --max-semi-space-size=4',
    });
  });
});
