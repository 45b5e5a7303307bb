import { normalize, type AksState } from '../../../../src/providers/azure-aks/normalize.js';
import {
  agentPoolListSchema,
  managedClusterSchema,
  type AksAgentPool,
  type AksManagedCluster,
} from '../../../../src/providers/azure-aks/schema.js';
import { fixture, observationProblems } from '../huawei-common/helpers.js';

const officialCluster = managedClusterSchema.parse(fixture('azure-aks/fixtures/managed-clusters-get.json'));
const officialPools =
  agentPoolListSchema.parse(fixture('azure-aks/fixtures/agent-pools-list.json')).value ?? [];

const cluster = (state: string, desired = '1.31.1', current = '1.30.5'): AksManagedCluster =>
  managedClusterSchema.parse({
    name: 'c1',
    properties: { provisioningState: state, kubernetesVersion: desired, currentKubernetesVersion: current },
  });
const pool = (name: string, state: string, desired = '1.31.1', current = '1.30.5'): AksAgentPool => ({
  name,
  properties: { provisioningState: state, orchestratorVersion: desired, currentOrchestratorVersion: current },
});

describe('provisioningState of the control plane, every value the mapping names plus an unknown one', () => {
  it.each([
    // [why, state, upgradeSeen, phase, progress]
    ['Upgrading is the upgrade running', 'Upgrading', false, 'Running', 0],
    ['Failed stops it', 'Failed', false, 'Failed', 0],
    ['Canceled is a cancelled upgrade (ARM spells it with one l)', 'Canceled', false, 'Cancelled', 0],
    ['Succeeded after an upgrade this watch saw', 'Succeeded', true, 'Running', 0],
    ['another ARM operation (Updating) is no upgrade', 'Updating', false, 'Idle', undefined],
    ['enum values match case-insensitively', 'upgrading', false, 'Running', 0],
    ['a value this provider does not know is Unknown, not a crash', 'Rebooting', false, 'Unknown', 0],
  ])('%s', (_why, state, upgradeSeen, phase, progress) => {
    const o = normalize({ cluster: cluster(state), agentPools: [pool('np1', 'Succeeded')], upgradeSeen });
    expect(o.phase).toBe(phase);
    expect(o.progress).toBe(progress);
    expect(o.providerStatus).toMatchObject({ provisioningState: state });
    expect(observationProblems(o)).toEqual([]);
  });
});

describe('no upgrade', () => {
  it('the official ManagedClustersGet + AgentPoolsList examples (all Succeeded, versions equal) are Idle', () => {
    expect(normalize({ cluster: officialCluster, agentPools: officialPools })).toEqual({
      phase: 'Idle',
      fromVersion: '1.9.6',
      providerStatus: {
        provisioningState: 'Succeeded',
        agentPools: { 'Agent pool agentpool1': 'Succeeded' },
      },
    });
  });

  it('without AgentPools_List the cluster agentPoolProfiles are the pools', () => {
    const o = normalize({ cluster: officialCluster });
    expect(o.providerStatus).toEqual({
      provisioningState: 'Succeeded',
      agentPools: { 'Agent pool nodepool1': 'Succeeded' },
    });
  });

  it('an empty pool list leaves the control plane as the only part', () => {
    const o = normalize({ cluster: cluster('Upgrading'), agentPools: [] });
    expect(o.steps).toEqual([{ name: 'Control plane', phase: 'Running' }]);
  });

  it('a pool lagging the control plane with nothing running and no upgrade seen is Idle (AKS allows the skew)', () => {
    expect(
      normalize({ cluster: cluster('Succeeded', '1.31.1', '1.31.1'), agentPools: [pool('np1', 'Succeeded')] })
        .phase,
    ).toBe('Idle');
  });
});

describe('agent pools as steps: control plane first, then each pool by name', () => {
  it('control plane upgrading, pools waiting', () => {
    const o = normalize({
      cluster: cluster('Upgrading'),
      agentPools: [pool('user', 'Succeeded'), pool('system', 'Succeeded')],
    });
    expect(o).toMatchObject({
      phase: 'Running',
      progress: 0,
      currentStep: 'Control plane',
      fromVersion: '1.30.5',
      toVersion: '1.31.1',
    });
    expect(o.steps).toEqual([
      { name: 'Control plane', phase: 'Running' },
      { name: 'Agent pool system', phase: 'Pending' },
      { name: 'Agent pool user', phase: 'Pending' },
    ]);
  });

  it('a failed pool fails the upgrade and names itself', () => {
    const o = normalize({
      cluster: cluster('Succeeded', '1.31.1', '1.31.1'),
      agentPools: [pool('a', 'Succeeded', '1.31.1', '1.31.1'), pool('b', 'Failed')],
      upgradeSeen: true,
    });
    expect(o).toMatchObject({
      phase: 'Failed',
      progress: 66,
      currentStep: 'Agent pool b',
      message: 'provisioning failed: Agent pool b',
    });
  });

  it('progress = finished parts / parts and never goes backwards through one upgrade', () => {
    const polls: AksState[] = [
      { cluster: cluster('Upgrading'), agentPools: [pool('a', 'Succeeded'), pool('b', 'Succeeded')] },
      {
        cluster: cluster('Succeeded', '1.31.1', '1.31.1'),
        agentPools: [pool('a', 'Upgrading'), pool('b', 'Succeeded')],
        upgradeSeen: true,
      },
      {
        cluster: cluster('Succeeded', '1.31.1', '1.31.1'),
        agentPools: [pool('a', 'Succeeded', '1.31.1', '1.31.1'), pool('b', 'Upgrading')],
        upgradeSeen: true,
      },
      {
        cluster: cluster('Succeeded', '1.31.1', '1.31.1'),
        agentPools: [pool('a', 'Succeeded', '1.31.1', '1.31.1'), pool('b', 'Succeeded', '1.31.1', '1.31.1')],
        upgradeSeen: true,
      },
    ];
    const observed = polls.map((p) => normalize(p));
    expect(observed.map((o) => o.progress)).toEqual([0, 33, 66, 100]);
    expect(observed.map((o) => o.phase)).toEqual(['Running', 'Running', 'Running', 'Succeeded']);
    expect(observed[3]?.currentStep).toBeUndefined();
  });

  it('a cancelled pool while another still upgrades is still Running', () => {
    const o = normalize({
      cluster: cluster('Succeeded', '1.31.1', '1.31.1'),
      agentPools: [pool('a', 'Canceled'), pool('b', 'Upgrading')],
      upgradeSeen: true,
    });
    expect(o.phase).toBe('Running');
    expect(o.currentStep).toBe('Agent pool b');
  });
});
