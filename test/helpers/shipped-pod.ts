// The operator's process as the shipped pod starts it, derived from the two files that define
// it: the Dockerfile's runtime stage (ENTRYPOINT, WORKDIR, USER, ENV) and the chart's rendered
// Deployment (args, env, security context, volume mounts). The packaging unit test keeps these
// in step; the sandbox integration test starts exactly this process under bubblewrap.
export interface DockerInstruction {
  op: string;
  args: string;
}

/** Dockerfile instructions with line continuations joined and comments dropped. */
export function dockerInstructions(text: string): DockerInstruction[] {
  const joined = text.replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op = '', ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

/** The instructions of each stage (a stage starts at FROM). */
export function dockerStages(all: readonly DockerInstruction[]): DockerInstruction[][] {
  const stages: DockerInstruction[][] = [];
  for (const i of all) {
    if (i.op === 'FROM') stages.push([]);
    stages.at(-1)?.push(i);
  }
  return stages;
}

/** `KEY=value KEY2="quoted value"` of ENV instructions, later ones winning. */
function envOf(stage: readonly DockerInstruction[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { args } of stage.filter((i) => i.op === 'ENV')) {
    for (const m of args.matchAll(/(\w+)=("(?:[^"\\]|\\.)*"|\S+)/g)) {
      const [, name = '', raw = ''] = m;
      env[name] = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
    }
  }
  return env;
}

export interface ImageProcess {
  entrypoint: string[];
  workdir: string;
  uid: number;
  gid: number;
  env: Record<string, string>;
}

/** What the runtime stage (the last one) of `dockerfile` starts, as whom, where, with what. */
export function imageProcess(dockerfile: string): ImageProcess {
  const runtime = dockerStages(dockerInstructions(dockerfile)).at(-1) ?? [];
  const last = (op: string) => runtime.filter((i) => i.op === op).at(-1)?.args;
  const [uid = NaN, gid = NaN] = (last('USER') ?? '').split(':').map(Number);
  return {
    entrypoint: JSON.parse(last('ENTRYPOINT') ?? '[]') as string[],
    workdir: last('WORKDIR') ?? '/',
    uid,
    gid,
    env: envOf(runtime),
  };
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath: string } };
}
interface Container {
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  securityContext?: { readOnlyRootFilesystem?: boolean; runAsUser?: number; runAsGroup?: number };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}
export interface DeploymentObject {
  kind: string;
  spec: {
    template: {
      spec: {
        containers: Container[];
        securityContext?: { runAsUser?: number; runAsGroup?: number };
      };
    };
  };
}

export interface ShippedPod {
  /** Kubernetes semantics: the container's command, else the image's ENTRYPOINT; then args. */
  argv: string[];
  /** The chart's `command` (undefined: the image's ENTRYPOINT runs). */
  chartCommand: string[] | undefined;
  workdir: string;
  uid: number;
  gid: number;
  /** The image's ENV overlaid by the chart's literal env values. */
  env: Record<string, string>;
  /** Env vars the chart fills from the downward API: name → fieldPath. */
  fieldEnv: Record<string, string>;
  readOnlyRootFilesystem: boolean;
  /** Where the pod mounts writable volumes (the emptyDir at /tmp). */
  writablePaths: string[];
}

export function shippedPod(dockerfile: string, deployment: DeploymentObject): ShippedPod {
  const image = imageProcess(dockerfile);
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];
  if (!container) throw new Error('the Deployment has no container');
  const env = { ...image.env };
  const fieldEnv: Record<string, string> = {};
  for (const v of container.env ?? []) {
    if (v.value !== undefined) env[v.name] = v.value;
    else if (v.valueFrom?.fieldRef) fieldEnv[v.name] = v.valueFrom.fieldRef.fieldPath;
  }
  return {
    argv: [...(container.command ?? image.entrypoint), ...(container.args ?? [])],
    chartCommand: container.command,
    workdir: image.workdir,
    uid: container.securityContext?.runAsUser ?? pod.securityContext?.runAsUser ?? image.uid,
    gid: container.securityContext?.runAsGroup ?? pod.securityContext?.runAsGroup ?? image.gid,
    env,
    fieldEnv,
    readOnlyRootFilesystem: container.securityContext?.readOnlyRootFilesystem === true,
    writablePaths: (container.volumeMounts ?? []).filter((m) => !m.readOnly).map((m) => m.mountPath),
  };
}

/** Where the service account's token, CA and namespace are in every pod. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface SandboxOptions {
  /** The Node binary to run as the image's `node` (the tests' own). */
  nodeBinary: string;
  /** The repository, mounted read-only where the image keeps the app (its WORKDIR). */
  appDir: string;
  /** A directory holding token, ca.crt and namespace (mounted at SERVICE_ACCOUNT_DIR). */
  serviceAccountDir: string;
  /** The environment the kubelet adds: KUBERNETES_SERVICE_HOST/PORT, downward-API values. */
  podEnv: Record<string, string>;
}

/**
 * bubblewrap's argv for `pod`: a fresh read-only root holding only /usr, /etc, the app and the
 * service account (like the image: nothing else of the host), writable tmpfs at the pod's
 * writable mounts, the pod's uid/gid in a user namespace with no capabilities, and exactly the
 * pod's environment. The network is the host's (the control plane listens on loopback).
 */
export function sandboxArgv(pod: ShippedPod, opts: SandboxOptions): string[] {
  const nodeDir = '/opt/node/bin'; // /usr/local/bin in the image; /usr is a read-only bind here
  const env = { PATH: `${nodeDir}:/usr/local/bin:/usr/bin:/bin`, ...pod.env, ...opts.podEnv };
  return [
    '--unshare-user',
    '--unshare-ipc',
    '--uid',
    String(pod.uid),
    '--gid',
    String(pod.gid),
    '--cap-drop',
    'ALL',
    '--die-with-parent',
    '--clearenv',
    ...Object.entries(env).flatMap(([name, value]) => ['--setenv', name, value]),
    '--ro-bind',
    '/usr',
    '/usr',
    ...['lib', 'lib64', 'bin', 'sbin'].flatMap((d) => ['--symlink', `usr/${d}`, `/${d}`]),
    '--ro-bind',
    '/etc',
    '/etc',
    '--ro-bind',
    opts.nodeBinary,
    `${nodeDir}/node`,
    '--ro-bind',
    opts.appDir,
    pod.workdir,
    '--ro-bind',
    opts.serviceAccountDir,
    SERVICE_ACCOUNT_DIR,
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    ...pod.writablePaths.flatMap((path) => ['--tmpfs', path]),
    ...(pod.readOnlyRootFilesystem ? ['--remount-ro', '/'] : []),
    '--chdir',
    pod.workdir,
    '--',
    ...pod.argv,
  ];
}
