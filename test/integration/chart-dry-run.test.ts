// Everything the packaging ships, applied to the real kube-apiserver (jest globalSetup) with
// server-side apply, dryRun=All and fieldValidation=Strict: the Helm chart with default and
// full values, its CRDs, the kustomize base (deploy/) and the samples; plus one real
// `helm install` / `upgrade` / `uninstall` of the chart. The namespaces used
// carry `pod-security.kubernetes.io/warn: restricted`, so the apiserver's own PodSecurity
// admission judges every pod template and its warnings must be empty.
//
// The Prometheus Operator CRDs are not part of the control plane: this test installs small
// stand-ins for ServiceMonitor and PrometheusRule whose structural schemas list only the
// fields the chart uses (names as in prometheus-operator), so Strict validation still
// catches a misspelt field. It removes them afterwards.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { PROVIDERS } from '../../src/providers/names.js';
import { SHARED_KUBECONFIG_ENV } from '../helpers/controlplane-shared.js';
import {
  FULL_VALUES,
  helmTemplate,
  parseYamlStream,
  repoPath,
  runOk,
  toolPath,
  type KubeObject,
} from '../unit/packaging/support.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- API responses are read loosely here */
interface KubeResponse {
  status: number;
  body: any;
  warnings: string[];
}

const FIELD_MANAGER = 'upgradewatch-chart-dry-run';
const suffix = Date.now().toString(36);
const NS = {
  chartDefault: `uw-chart-${suffix}`,
  chartFull: `uw-chart-full-${suffix}`,
  watched: `uw-watched-${suffix}`,
  kustomize: `uw-kust-${suffix}`,
  samples: `uw-samples-${suffix}`,
};

let kc: KubeConfig;

function kubeconfigPath(): string {
  const path = process.env[SHARED_KUBECONFIG_ENV];
  if (!path)
    throw new Error(`${SHARED_KUBECONFIG_ENV} is not set: the jest globalSetup starts the control plane`);
  return path;
}

async function kube(
  method: string,
  path: string,
  opts: { body?: unknown; contentType?: string } = {},
): Promise<KubeResponse> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error('kubeconfig has no current cluster');
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const options: Parameters<typeof request>[1] = {
    method,
    headers: {
      Accept: 'application/json',
      ...(payload !== undefined ? { 'Content-Type': opts.contentType ?? 'application/json' } : {}),
    },
  };
  await kc.applyToHTTPSOptions(options);
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, server), options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const warning = res.headers.warning;
        resolve({
          status: res.statusCode ?? 0,
          body: text ? JSON.parse(text) : undefined,
          warnings: warning === undefined ? [] : Array.isArray(warning) ? warning : [warning],
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** kind → REST path, from the apiserver's discovery documents (cached per group/version). */
const discovery = new Map<string, Array<{ kind: string; name: string; namespaced: boolean }>>();
async function resourcePath(obj: KubeObject, namespace: string | undefined): Promise<string> {
  const base = obj.apiVersion.includes('/') ? `/apis/${obj.apiVersion}` : `/api/${obj.apiVersion}`;
  let resources = discovery.get(obj.apiVersion);
  if (!resources) {
    const res = await kube('GET', base);
    if (res.status !== 200) throw new Error(`discovery of ${obj.apiVersion} failed (${res.status})`);
    resources = res.body.resources as Array<{ kind: string; name: string; namespaced: boolean }>;
    discovery.set(obj.apiVersion, resources);
  }
  const resource = resources.find((r) => r.kind === obj.kind && !r.name.includes('/'));
  if (!resource) throw new Error(`the apiserver does not serve ${obj.kind} in ${obj.apiVersion}`);
  const ns = resource.namespaced ? `/namespaces/${obj.metadata.namespace ?? namespace}` : '';
  return `${base}${ns}/${resource.name}/${obj.metadata.name}`;
}

async function apply(obj: KubeObject, opts: { namespace?: string; dryRun: boolean }): Promise<KubeResponse> {
  const query = new URLSearchParams({
    fieldManager: FIELD_MANAGER,
    force: 'true',
    fieldValidation: 'Strict',
  });
  if (opts.dryRun) query.set('dryRun', 'All');
  return kube('PATCH', `${await resourcePath(obj, opts.namespace)}?${query}`, {
    body: obj,
    contentType: 'application/apply-patch+yaml',
  });
}

interface DryRunResult {
  object: string;
  status: number;
  message?: string;
  warnings: string[];
}

async function dryRunAll(objects: readonly KubeObject[], namespace?: string): Promise<DryRunResult[]> {
  const results: DryRunResult[] = [];
  for (const obj of objects) {
    const res = await apply(obj, { namespace, dryRun: true });
    results.push({
      object: `${obj.kind}/${obj.metadata.name}`,
      status: res.status,
      ...(res.status >= 300 ? { message: String(res.body?.message ?? '') } : {}),
      warnings: res.warnings,
    });
  }
  return results;
}

/** Every object accepted (200/201) and no warning at all (PodSecurity, deprecations, ...). */
function expectAccepted(results: readonly DryRunResult[]): void {
  expect(results.filter((r) => r.status >= 300 || r.warnings.length > 0)).toEqual([]);
}

async function waitEstablished(name: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await kube('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
    const conditions: Array<{ type: string; status: string }> = res.body?.status?.conditions ?? [];
    if (conditions.some((c) => c.type === 'Established' && c.status === 'True')) return;
    if (Date.now() > deadline) throw new Error(`CRD ${name} not Established: ${JSON.stringify(conditions)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function namespaceObject(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
      },
    },
  };
}

const str = { type: 'string' };
const strMap = { type: 'object', additionalProperties: { type: 'string' } };
const openList = { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } };
function standInCrd(plural: string, kind: string, spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.monitoring.coreos.com` },
    spec: {
      group: 'monitoring.coreos.com',
      scope: 'Namespaced',
      names: { plural, singular: kind.toLowerCase(), kind, listKind: `${kind}List` },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', required: ['spec'], properties: { spec } } },
        },
      ],
    },
  };
}
const MONITORING_CRDS = [
  standInCrd('servicemonitors', 'ServiceMonitor', {
    type: 'object',
    required: ['selector', 'endpoints'],
    properties: {
      jobLabel: str,
      namespaceSelector: {
        type: 'object',
        properties: { any: { type: 'boolean' }, matchNames: { type: 'array', items: str } },
      },
      selector: {
        type: 'object',
        properties: { matchLabels: strMap, matchExpressions: openList },
      },
      endpoints: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            port: str,
            path: str,
            scheme: str,
            interval: str,
            scrapeTimeout: str,
            honorLabels: { type: 'boolean' },
            relabelings: openList,
            metricRelabelings: openList,
          },
        },
      },
    },
  }),
  standInCrd('prometheusrules', 'PrometheusRule', {
    type: 'object',
    properties: {
      groups: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name'],
          properties: {
            name: str,
            interval: str,
            rules: {
              type: 'array',
              items: {
                type: 'object',
                required: ['expr'],
                properties: {
                  alert: str,
                  record: str,
                  expr: { 'x-kubernetes-int-or-string': true },
                  for: str,
                  keep_firing_for: str,
                  labels: strMap,
                  annotations: strMap,
                },
              },
            },
          },
        },
      },
    },
  }),
];

const upgradewatchCrd = parse(
  readFileSync(repoPath('crds', 'upgradewatch.io_clusterupgradewatches.yaml'), 'utf8'),
) as KubeObject;

let overlayDir: string;

beforeAll(async () => {
  kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath());
  // Tools first: a missing helm or kustomize fails here with the install hint.
  toolPath('helm');
  toolPath('kustomize');

  for (const crd of [upgradewatchCrd, ...MONITORING_CRDS]) {
    const res = await apply(crd, { dryRun: false });
    if (res.status >= 300)
      throw new Error(`installing ${crd.metadata.name} failed: ${JSON.stringify(res.body)}`);
  }
  for (const crd of [upgradewatchCrd, ...MONITORING_CRDS]) await waitEstablished(crd.metadata.name);
  discovery.clear();
  for (const name of Object.values(NS)) {
    const res = await apply(namespaceObject(name), { dryRun: false });
    if (res.status >= 300) throw new Error(`creating namespace ${name} failed: ${JSON.stringify(res.body)}`);
  }
  overlayDir = mkdtempSync(join(tmpdir(), 'uw-kustomize-'));
});

afterAll(async () => {
  if (overlayDir) rmSync(overlayDir, { recursive: true, force: true });
  if (!kc) return;
  for (const name of Object.values(NS)) await kube('DELETE', `/api/v1/namespaces/${name}`);
  for (const crd of MONITORING_CRDS) {
    await kube('DELETE', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`);
  }
});

describe('Helm chart on a real kube-apiserver (server-side dry run)', () => {
  it('accepts every object rendered with default values, without warnings', async () => {
    const objects = helmTemplate([], 'upgradewatch', NS.chartDefault);
    expect(objects.map((o) => o.kind)).toContain('Deployment');
    expectAccepted(await dryRunAll(objects, NS.chartDefault));
  });

  it('accepts every object rendered with full values, ServiceMonitor, PrometheusRule and dashboard ConfigMap included', async () => {
    const objects = helmTemplate(
      ['-f', FULL_VALUES, '--set', `watchNamespace=${NS.watched}`],
      'shard-a',
      NS.chartFull,
    );
    expect(objects.map((o) => o.kind)).toEqual(
      expect.arrayContaining(['ServiceMonitor', 'PrometheusRule', 'ConfigMap']),
    );
    expectAccepted(await dryRunAll(objects, NS.chartFull));
  });

  it('accepts the chart’s CRDs (helm installs them from crds/)', async () => {
    const dir = repoPath('charts/upgradewatch/crds');
    const crds = readdirSync(dir).flatMap((f) => parseYamlStream(readFileSync(join(dir, f), 'utf8')));
    expect(crds.length).toBeGreaterThan(0);
    expectAccepted(await dryRunAll(crds));
  });

  it('gets a PodSecurity warning for a weakened pod (the warning check is live)', async () => {
    const objects = helmTemplate(
      ['--set', 'podSecurityContext.runAsNonRoot=false'],
      'upgradewatch',
      NS.chartDefault,
    );
    const deployment = objects.filter((o) => o.kind === 'Deployment');
    const [result] = await dryRunAll(deployment, NS.chartDefault);
    expect(result?.status).toBe(201); // created (dry run)
    expect(result?.warnings.join('\n')).toMatch(
      /would violate PodSecurity .*restricted:latest.*runAsNonRoot != true/,
    );
  });
});

describe('helm install / upgrade / uninstall on a real kube-apiserver', () => {
  // No scheduler or kubelet runs here: this proves the release mechanics (CRDs already
  // present, objects created, NOTES rendered, upgrade to 2 replicas, clean uninstall), not
  // that the pod starts.
  const release = `uw-it-${suffix}`;
  const helmArgs = (...args: string[]) => [
    ...args,
    '--namespace',
    NS.chartDefault,
    '--kubeconfig',
    kubeconfigPath(),
  ];

  it('installs, prints the NOTES, upgrades to two replicas with a PodDisruptionBudget, and uninstalls', async () => {
    const helm = toolPath('helm');
    const installed = runOk(helm, helmArgs('install', release, repoPath('charts/upgradewatch')));
    expect(installed).toContain('STATUS: deployed');
    expect(installed).toContain('kubectl get clusterupgradewatches -A -o wide --watch');

    const upgraded = runOk(
      helm,
      helmArgs('upgrade', release, repoPath('charts/upgradewatch'), '--set', 'replicaCount=2'),
    );
    expect(upgraded).toContain('REVISION: 2');
    expect(upgraded).toContain('2 replicas elect a leader');
    const pdb = await kube(
      'GET',
      `/apis/policy/v1/namespaces/${NS.chartDefault}/poddisruptionbudgets/${release}-upgradewatch`,
    );
    expect(pdb.status).toBe(200);

    runOk(helm, helmArgs('uninstall', release));
    const role = await kube('GET', `/apis/rbac.authorization.k8s.io/v1/clusterroles/${release}-upgradewatch`);
    expect(role.status).toBe(404);
    // Helm never deletes CRDs from crds/: watches survive an uninstall.
    const crd = await kube(
      'GET',
      `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${upgradewatchCrd.metadata.name}`,
    );
    expect(crd.status).toBe(200);
  });
});

describe('kustomize base and samples on a real kube-apiserver (server-side dry run)', () => {
  it('accepts `kustomize build deploy/` (in a throwaway namespace), without warnings', async () => {
    writeFileSync(
      join(overlayDir, 'kustomization.yaml'),
      `namespace: ${NS.kustomize}\nresources:\n  - ${relative(overlayDir, repoPath('deploy'))}\n`,
    );
    const objects = parseYamlStream(runOk(toolPath('kustomize'), ['build', overlayDir]));
    expect(objects.map((o) => o.kind)).toEqual(
      expect.arrayContaining(['Deployment', 'ClusterRole', 'Namespace']),
    );
    expectAccepted(await dryRunAll(objects));
  });

  it('accepts every sample Secret and ClusterUpgradeWatch (CRD schema and CEL rules)', async () => {
    const objects = parseYamlStream(runOk(toolPath('kustomize'), ['build', repoPath('deploy/samples')]));
    // One sample watch per provider of the registry, all seven.
    const watches = objects.filter((o) => o.kind === 'ClusterUpgradeWatch');
    expect(watches.map((o) => (o.spec as { provider?: string } | undefined)?.provider).sort()).toEqual(
      [...PROVIDERS].sort(),
    );
    expectAccepted(await dryRunAll(objects, NS.samples));
  });
});
