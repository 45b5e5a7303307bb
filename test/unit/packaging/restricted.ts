// What "restricted Pod Security Standard" means for our pod template (docs/reference.md#security), as one
// reusable assertion over any Deployment the chart or the kustomize base renders.

type Json = Record<string, unknown>;

/** Volume types the restricted profile allows. */
const RESTRICTED_VOLUME_TYPES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

export interface PodTemplate {
  spec: {
    securityContext?: Json;
    containers: Array<{ name: string; securityContext?: Json; [key: string]: unknown }>;
    initContainers?: Array<{ name: string; securityContext?: Json }>;
    volumes?: Json[];
    hostNetwork?: boolean;
    hostPID?: boolean;
    hostIPC?: boolean;
  };
}

/** Lists every way the pod template breaks the restricted profile (empty = compliant). */
export function restrictedViolations(template: PodTemplate): string[] {
  const problems: string[] = [];
  const pod = template.spec;
  const podCtx = (pod.securityContext ?? {}) as Json;
  const podSeccomp = (podCtx.seccompProfile as Json | undefined)?.type;
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) problems.push('host namespaces are shared');
  if (podCtx.runAsUser === 0) problems.push('pod runAsUser is 0');
  for (const volume of pod.volumes ?? []) {
    const types = Object.keys(volume).filter((k) => k !== 'name');
    for (const t of types)
      if (!RESTRICTED_VOLUME_TYPES.includes(t)) problems.push(`volume ${String(volume.name)} is ${t}`);
  }
  for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
    const ctx = (c.securityContext ?? {}) as Json;
    const caps = (ctx.capabilities ?? {}) as { drop?: string[]; add?: string[] };
    const runAsNonRoot = ctx.runAsNonRoot ?? podCtx.runAsNonRoot;
    const seccomp = (ctx.seccompProfile as Json | undefined)?.type ?? podSeccomp;
    if (runAsNonRoot !== true) problems.push(`${c.name}: runAsNonRoot is not true`);
    if (ctx.runAsUser === 0) problems.push(`${c.name}: runAsUser is 0`);
    if (ctx.allowPrivilegeEscalation !== false)
      problems.push(`${c.name}: allowPrivilegeEscalation is not false`);
    if (ctx.privileged === true) problems.push(`${c.name}: privileged`);
    if (ctx.readOnlyRootFilesystem !== true) problems.push(`${c.name}: readOnlyRootFilesystem is not true`);
    if (!(caps.drop ?? []).includes('ALL')) problems.push(`${c.name}: capabilities do not drop ALL`);
    if ((caps.add ?? []).length > 0)
      problems.push(`${c.name}: capabilities added: ${(caps.add ?? []).join(',')}`);
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
      problems.push(`${c.name}: seccomp profile is ${String(seccomp)}`);
  }
  return problems;
}
