// The ClusterUpgradeWatch CRD on a real kube-apiserver (jest globalSetup starts it).
// Proves that the apiserver (OpenAPI schema + CEL) and parseSpec (zod) accept and reject the
// same shared fixtures with the same message fragments, that defaults land in storage, that
// the status subresource splits spec from status, and that `kubectl get` shows our columns.
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { applyRuntimeDefaults, type ResolvedSpec } from '../../src/api/defaults.js';
import { isEndpointURL, parseSpec, statusSchema } from '../../src/api/schema.js';
import { GROUP, KIND, PLURAL, VERSION } from '../../src/api/types.js';
import { ENDPOINT_CASES, INVALID_SPECS, VALID_SPECS, type Spec } from '../fixtures/specs.js';
import { SHARED_KUBECONFIG_ENV } from '../helpers/controlplane-shared.js';

const CRD_NAME = `${PLURAL}.${GROUP}`;
const CRD_YAML = readFileSync(
  new URL('../../crds/upgradewatch.io_clusterupgradewatches.yaml', import.meta.url),
  'utf8',
);
const FIELD_MANAGER = 'upgradewatch-crd-test';
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

/* eslint-disable @typescript-eslint/no-explicit-any -- API responses are read loosely here */
interface KubeResponse {
  status: number;
  body: any;
  warnings: string[];
}

let kc: KubeConfig;
let crdApplyWarnings: string[] = [];
const namespace = `crd-${Date.now().toString(36)}`;
const collection = `/apis/${GROUP}/${VERSION}/namespaces/${namespace}/${PLURAL}`;

async function kube(
  method: string,
  path: string,
  opts: { body?: unknown; contentType?: string; accept?: string } = {},
): Promise<KubeResponse> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error('kubeconfig has no current cluster');
  const url = new URL(path, server);
  const payload =
    opts.body === undefined
      ? undefined
      : typeof opts.body === 'string'
        ? opts.body
        : JSON.stringify(opts.body);
  const options: Parameters<typeof request>[1] = {
    method,
    headers: {
      Accept: opts.accept ?? 'application/json',
      ...(payload !== undefined ? { 'Content-Type': opts.contentType ?? 'application/json' } : {}),
    },
  };
  await kc.applyToHTTPSOptions(options);
  return new Promise((resolve, reject) => {
    const req = request(url, options, (res) => {
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

function object(name: string, spec: Spec): Record<string, unknown> {
  return { apiVersion: `${GROUP}/${VERSION}`, kind: KIND, metadata: { name, namespace }, spec };
}

async function create(name: string, spec: Spec): Promise<KubeResponse> {
  return kube('POST', `${collection}?fieldValidation=Warn`, { body: object(name, spec) });
}

async function waitForEstablished(): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await kube('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${CRD_NAME}`);
    const conditions: Array<{ type: string; status: string }> = res.body?.status?.conditions ?? [];
    const ok = (type: string): boolean => conditions.some((c) => c.type === type && c.status === 'True');
    if (ok('Established') && ok('NamesAccepted')) return;
    if (Date.now() > deadline) throw new Error(`CRD not Established: ${JSON.stringify(conditions)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  const kubeconfigPath = process.env[SHARED_KUBECONFIG_ENV];
  if (!kubeconfigPath)
    throw new Error(`${SHARED_KUBECONFIG_ENV} is not set: the jest globalSetup starts the control plane`);
  kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  const version = await kube('GET', '/version');
  console.log(
    `kube-apiserver ${version.body.gitVersion} (${version.body.goVersion}, ${version.body.platform})`,
  );

  const applied = await kube(
    'PATCH',
    `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${CRD_NAME}?fieldManager=${FIELD_MANAGER}&force=true`,
    { body: CRD_YAML, contentType: 'application/apply-patch+yaml' },
  );
  if (applied.status !== 200 && applied.status !== 201) {
    throw new Error(`CRD apply failed (${applied.status}): ${JSON.stringify(applied.body)}`);
  }
  crdApplyWarnings = applied.warnings;
  await waitForEstablished();

  const ns = await kube('POST', '/api/v1/namespaces', {
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
  });
  expect(ns.status).toBe(201);
});

afterAll(async () => {
  if (kc) await kube('DELETE', collection);
});

describe('CRD installation', () => {
  it('is served under the names of the reference with the status subresource', async () => {
    const res = await kube('GET', `/apis/${GROUP}/${VERSION}`);
    expect(res.status).toBe(200);
    const resources: any[] = res.body.resources;
    const main = resources.find((r) => r.name === PLURAL);
    expect(main).toMatchObject({
      kind: KIND,
      namespaced: true,
      singularName: 'clusterupgradewatch',
      shortNames: ['cuw'],
      categories: ['upgradewatch'],
    });
    expect(resources.map((r) => r.name)).toContain(`${PLURAL}/status`);
  });

  it('was accepted without warnings about the schema or CEL cost', async () => {
    const res = await kube('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${CRD_NAME}`);
    const conditions: any[] = res.body.status.conditions;
    expect(conditions.find((c) => c.type === 'NonStructuralSchema')).toBeUndefined();
    expect(crdApplyWarnings).toEqual([]);
  });
});

describe('the apiserver and parseSpec agree on every shared fixture', () => {
  it.each(VALID_SPECS.map((f) => [f.name, f] as const))('both accept %s', async (name, fixture) => {
    const zod = parseSpec(fixture.spec);
    const res = await create(name, fixture.spec);
    expect({ apiserver: res.status, zod: zod.ok ? 'ok' : zod.message }).toEqual({
      apiserver: 201,
      zod: 'ok',
    });

    // Defaults are filled in server-side and match the zod defaults exactly.
    const stored = await kube('GET', `${collection}/${name}`);
    expect(stored.body.spec).toEqual(fixture.stored);
    expect(zod.ok && zod.spec).toEqual(applyRuntimeDefaults(stored.body.spec as ResolvedSpec));
  });

  it.each(INVALID_SPECS.map((f) => [f.name, f] as const))('both reject %s', async (name, fixture) => {
    const zod = parseSpec(fixture.spec);
    const res = await create(name, fixture.spec);
    expect({ apiserver: res.status, zod: zod.ok }).toEqual({ apiserver: 422, zod: false });

    const causes: Array<{ field?: string; message?: string }> = res.body.details?.causes ?? [];
    // A CEL rule must fail with its message, never with a runtime error (cost, conversion, ...).
    expect(
      causes.filter((c) => /evaluating rule|conversion error|no such key|cost/i.test(c.message ?? '')),
    ).toEqual([]);
    const apiserverMatch = causes.some(
      (c) => c.field === fixture.field && c.message?.includes(fixture.fragment),
    );
    const zodMessage = zod.ok ? '' : zod.message;
    expect({
      apiserver: apiserverMatch ? 'matches' : res.body.message,
      zod:
        zodMessage.includes(`${fixture.field}: `) && zodMessage.includes(fixture.fragment)
          ? 'matches'
          : zodMessage,
    }).toEqual({ apiserver: 'matches', zod: 'matches' });
  });

  it.each(ENDPOINT_CASES.map((c) => [c.why, c] as const))('endpoint edge case: %s', async (_why, c) => {
    const spec = { ...VALID_SPECS[0]!.spec, endpoint: c.url };
    const res = await kube('POST', `${collection}?dryRun=All`, { body: object('endpoint-case', spec) });
    expect({ url: c.url, apiserver: res.status === 201, zod: isEndpointURL(c.url) }).toEqual({
      url: c.url,
      apiserver: c.ok,
      zod: c.ok,
    });
  });

  it('warns about, then prunes, an unknown spec field (zod drops it too)', async () => {
    const res = await create('unknown-field-warning', { ...VALID_SPECS[0]!.spec, colour: 'blue' });
    expect(res.status).toBe(201);
    // e.g. `299 - "unknown field \"spec.colour\""`
    expect(res.warnings.join('\n')).toMatch(/unknown field .*spec\.colour/);
    expect(res.body.spec).not.toHaveProperty('colour');
  });
});

describe('status subresource', () => {
  const spec: Spec = {
    provider: 'HuaweiCCE',
    region: 'cn-north-4',
    clusterID: 'cce-cluster-1',
    projectID: 'project-1',
    credentialsRef: { name: 'huawei-creds' },
  };
  const status = {
    observedGeneration: 1,
    phase: 'Running',
    progress: 42,
    currentStep: 'Cluster',
    steps: [
      {
        name: 'PreCheck',
        phase: 'Succeeded',
        startTime: '2023-01-05T02:23:39Z',
        completionTime: '2023-01-05T02:30:00Z',
      },
      { name: 'Cluster', phase: 'Running', startTime: '2023-01-05T02:30:00Z' },
    ],
    fromVersion: 'v1.28',
    toVersion: 'v1.29',
    upgradeID: 'wf-1',
    startTime: '2023-01-05T02:23:39Z',
    message: 'upgrading control plane',
    providerStatus: { phase: 'Running', pointStatuses: [{ taskType: 'Cluster', status: 'Running' }] },
    lastSyncTime: '2023-01-05T02:31:00Z',
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'UpgradeInProgress',
        message: 'upgrade in progress',
        lastTransitionTime: '2023-01-05T02:23:39Z',
        observedGeneration: 1,
      },
    ],
  };

  beforeAll(async () => {
    expect((await create('status-split', spec)).status).toBe(201);
  });

  it('a /status patch writes status, ignores spec and keeps the generation', async () => {
    const res = await kube('PATCH', `${collection}/status-split/status`, {
      body: { spec: { region: 'eu-west-101' }, status },
      contentType: 'application/merge-patch+json',
    });
    expect(res.status).toBe(200);
    expect(res.body.spec.region).toBe('cn-north-4');
    expect(res.body.metadata.generation).toBe(1);
    expect(res.body.status).toEqual(status);
    expect(statusSchema.parse(res.body.status)).toEqual(status);
  });

  it('a spec update ignores status and bumps the generation', async () => {
    const res = await kube('PATCH', `${collection}/status-split`, {
      body: { spec: { pollInterval: '1m' }, status: { phase: 'Failed' } },
      contentType: 'application/merge-patch+json',
    });
    expect(res.status).toBe(200);
    expect(res.body.spec.pollInterval).toBe('1m');
    expect(res.body.metadata.generation).toBe(2);
    expect(res.body.status.phase).toBe('Running');
  });

  it('refuses a status outside the schema (progress 101, reason with spaces), as statusSchema does', async () => {
    for (const bad of [
      { progress: 101 },
      { conditions: [{ ...status.conditions[0], reason: 'Pre check' }] },
    ]) {
      const res = await kube('PATCH', `${collection}/status-split/status`, {
        body: { status: bad },
        contentType: 'application/merge-patch+json',
      });
      expect({
        bad,
        apiserver: res.status,
        zod: statusSchema.safeParse({ ...status, ...bad }).success,
      }).toEqual({
        bad,
        apiserver: 422,
        zod: false,
      });
    }
  });

  it('merges conditions by type under server-side apply (list-map key)', async () => {
    const condition = (type: string) => ({
      type,
      status: 'True',
      reason: 'Testing',
      message: '',
      lastTransitionTime: '2023-01-05T02:23:39Z',
    });
    for (const [manager, type] of [
      ['manager-a', 'Synced'],
      ['manager-b', 'Stalled'],
    ] as const) {
      const res = await kube(
        'PATCH',
        `${collection}/status-split/status?fieldManager=${manager}&force=true`,
        {
          body: {
            apiVersion: `${GROUP}/${VERSION}`,
            kind: KIND,
            metadata: { name: 'status-split', namespace },
            status: { conditions: [condition(type)] },
          },
          contentType: 'application/apply-patch+yaml',
        },
      );
      expect(res.status).toBe(200);
    }
    const got = await kube('GET', `${collection}/status-split`);
    expect(got.body.status.conditions.map((c: { type: string }) => c.type).sort()).toEqual([
      'Ready',
      'Stalled',
      'Synced',
    ]);
  });

  it('kubectl get shows the columns of the reference (Table view)', async () => {
    const res = await kube('GET', `${collection}/status-split`, { accept: TABLE });
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe('Table');
    const columns = res.body.columnDefinitions.map((c: { name: string; priority: number }) => [
      c.name,
      c.priority,
    ]);
    expect(columns).toEqual([
      ['Name', 0],
      ['Provider', 0],
      ['Cluster', 0],
      ['Phase', 0],
      ['Progress', 0],
      ['Step', 0],
      ['Ready', 0],
      ['Age', 0],
      ['Target', 1],
      ['Message', 1],
      ['Last Sync', 1],
      ['Last Result', 1],
    ]);
    const cells: unknown[] = res.body.rows[0].cells;
    const byName = Object.fromEntries(columns.map(([name]: [string], i: number) => [name, cells[i]]));
    expect(byName).toMatchObject({
      Name: 'status-split',
      Provider: 'HuaweiCCE',
      Cluster: 'cce-cluster-1',
      Phase: 'Running',
      Progress: 42,
      Step: 'Cluster',
      Ready: 'True',
      Target: 'v1.29',
      Message: 'upgrading control plane',
    });
    expect(byName['Age']).toEqual(expect.any(String));
    expect(byName['Last Sync']).toEqual(expect.any(String));
  });
});
