// SAMPLES (src/providers/samples.ts): what every provider must ship for the demo, the bench, the
// chaos fleet and the test helpers. Each check runs for every provider of the registry, so a
// new provider's sample is held to the same rules the moment it is added.
import { parseSpec } from '../../../src/api/schema.js';
import { PROVIDERS } from '../../../src/providers/names.js';
import { SAMPLES, simPlacement } from '../../../src/providers/samples.js';

const CLUSTER = 'c-sample-test-0001';

describe.each(PROVIDERS.map((provider) => [provider]))('the %s sample', (provider) => {
  const sample = SAMPLES[provider];
  const states = {
    idle: sample.states.idle(),
    'running at step 0': sample.states.running(CLUSTER, 0),
    'running at step 1': sample.states.running(CLUSTER, 1),
    succeeded: sample.states.succeeded(CLUSTER),
  };

  it('is filed under its own provider name', () => {
    expect(sample.spec.provider).toBe(provider);
  });

  it('has a spec the operator accepts once credentials are named (zod parseSpec)', () => {
    expect(parseSpec({ ...sample.spec, credentialsRef: { name: 'creds' } })).toMatchObject({ ok: true });
  });

  it('places its simulated clusters where its spec looks (region, and the project if any)', () => {
    expect(simPlacement(provider)).toEqual({
      region: sample.spec.region,
      ...(sample.spec.projectID !== undefined ? { projectID: sample.spec.projectID } : {}),
    });
  });

  // A key outside stateOperations would be refused by the simulator's scenario check.
  it.each(Object.entries(states))('%s holds only operations the simulator accepts', (_name, state) => {
    expect(sample.stateOperations).toEqual(expect.arrayContaining(Object.keys(state)));
    expect(Object.keys(state).length).toBeGreaterThan(0);
  });

  // The bench relies on these: every cluster starts Running at 0 % and its scripted change
  // shows as progress > 0; the test helpers' idle clusters never report an upgrade.
  it('reads as Idle, Running at 0 %, Running past 0 %, then Succeeded at 100 %', () => {
    expect(sample.observe(states.idle).phase).toBe('Idle');
    expect(sample.observe(states['running at step 0'])).toMatchObject({ phase: 'Running', progress: 0 });
    const stepOne = sample.observe(states['running at step 1']);
    expect(stepOne.phase).toBe('Running');
    expect(stepOne.progress).toBeGreaterThan(0);
    expect(sample.observe(states.succeeded)).toMatchObject({ phase: 'Succeeded', progress: 100 });
  });
});
