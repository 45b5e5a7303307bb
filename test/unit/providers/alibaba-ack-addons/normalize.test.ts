// AlibabaACKAddons normalization (docs/reference.md#provider-alibabaackaddons): per-component phases, overall precedence,
// progress, currentStep, ready_to_upgrade strings, is_canceled.

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { Observation, Phase } from '../../../../src/api/types.js';
import {
  ADDON_PHASE_PRECEDENCE,
  normalizeAddonsUpgradeStatus,
} from '../../../../src/providers/alibaba-ack-addons/normalize.js';
import { addonsUpgradeStatusSchema } from '../../../../src/providers/alibaba-ack-addons/schema.js';
import { expectValidObservation } from '../alibaba-common/valid-observation.js';

function normalize(body: unknown, requested: string[] = []): Observation {
  const parsed = addonsUpgradeStatusSchema.safeParse(body);
  if (!parsed.success) throw new Error(`body does not parse: ${parsed.error.message}`);
  return normalizeAddonsUpgradeStatus(parsed.data, requested);
}

function component(status: string | undefined, extra: Record<string, unknown> = {}) {
  return {
    addon_info: { version: 'v1.0.0', ready_to_upgrade: 'false' },
    tasks:
      status === undefined
        ? {}
        : {
            status,
            created_at: '2020-12-28T17:00:32Z',
            finished_at: '2020-12-28T17:05:54Z',
            is_canceled: false,
            ...extra,
          },
  };
}

describe('seed 001 example', () => {
  it('two succeeded components → Succeeded, 100, components listed with versions and readiness', () => {
    const body = JSON.parse(
      readFileSync(
        new URL(
          '../../../../src/providers/alibaba-ack-addons/fixtures/upgrade-status.seed-example.json',
          import.meta.url,
        ),
        'utf8',
      ),
    );
    expect(normalize(body, ['metric-server', 'cloud-controller-manager'])).toEqual({
      phase: 'Succeeded',
      progress: 100,
      startTime: '2020-12-28T17:00:32Z',
      completionTime: '2020-12-28T17:05:54Z',
      components: [
        // spec order wins over response order
        {
          name: 'metric-server',
          phase: 'Succeeded',
          readyToUpgrade: true,
          startTime: '2020-12-28T17:00:32Z',
          completionTime: '2020-12-28T17:05:54Z',
        },
        {
          name: 'cloud-controller-manager',
          version: 'v1.9.3.340-g9830b58-aliyun',
          phase: 'Succeeded',
          readyToUpgrade: true,
          startTime: '2020-12-28T17:01:55Z',
          completionTime: '2020-12-28T17:05:11Z',
        },
      ],
      providerStatus: { components: { 'metric-server': 'Success', 'cloud-controller-manager': 'Success' } },
    });
  });
});

describe('per-component task status', () => {
  const rows: Array<
    [why: string, status: string | undefined, extra: Record<string, unknown>, expected: Phase]
  > = [
    ['Upgrading → Running', 'Upgrading', {}, 'Running'],
    ['Running → Running', 'Running', {}, 'Running'],
    ['Success → Succeeded', 'Success', {}, 'Succeeded'],
    ['Failed → Failed', 'Failed', {}, 'Failed'],
    ['Paused → Paused', 'Paused', {}, 'Paused'],
    ['Canceled → Cancelled', 'Canceled', {}, 'Cancelled'],
    ['is_canceled: true overrides the status', 'Running', { is_canceled: true }, 'Cancelled'],
    ['is_canceled as the string "true" too', 'Running', { is_canceled: 'true' }, 'Cancelled'],
    ['Pending (not documented) → Pending', 'Pending', {}, 'Pending'],
    ['case-insensitive', 'SUCCESS', {}, 'Succeeded'],
    ['no task → Idle', undefined, {}, 'Idle'],
    ['blank status → Idle', '  ', {}, 'Idle'],
    ['unknown status → Unknown', 'RollingBack', {}, 'Unknown'],
    ['prototype keys are just unknown', '__proto__', {}, 'Unknown'],
  ];
  it.each(rows)('%s', (_why, status, extra, expected) => {
    const obs = normalize({ a: component(status, extra) });
    expect(obs.components?.[0]?.phase).toBe(expected);
    expect(obs.phase).toBe(expected);
  });
});

describe('overall phase precedence Failed > Paused > Running > Unknown > Pending > Cancelled > Succeeded > Idle', () => {
  const statusFor: Record<Phase, string | undefined> = {
    Failed: 'Failed',
    Paused: 'Paused',
    Running: 'Running',
    Unknown: 'Mystery',
    Pending: 'Pending',
    Cancelled: 'Canceled',
    Succeeded: 'Success',
    Idle: undefined,
  };
  // Every pair: the higher one must win regardless of order in the body.
  const pairs: Array<[Phase, Phase]> = [];
  ADDON_PHASE_PRECEDENCE.forEach((high, i) =>
    ADDON_PHASE_PRECEDENCE.slice(i + 1).forEach((low) => pairs.push([high, low])),
  );
  it.each(pairs)('%s beats %s', (high, low) => {
    expect(normalize({ x: component(statusFor[low]), y: component(statusFor[high]) }).phase).toBe(high);
    expect(normalize({ y: component(statusFor[high]), x: component(statusFor[low]) }).phase).toBe(high);
  });
});

describe('progress, currentStep, message, times', () => {
  it('progress = succeeded / components with a task; Idle ones do not count', () => {
    const obs = normalize({
      a: component('Success'),
      b: component('Running'),
      c: component('Running'),
      d: component(undefined),
    });
    expect(obs.progress).toBe(33);
    expect(obs.phase).toBe('Running');
  });

  it('currentStep = the first running component, in spec order', () => {
    const obs = normalize({ a: component('Success'), b: component('Upgrading'), c: component('Running') }, [
      'c',
      'b',
      'a',
    ]);
    expect(obs.currentStep).toBe('c');
  });

  it('failed: currentStep names the failed component, message lists failures, completion time set', () => {
    const obs = normalize({ a: component('Failed'), b: component('Success') });
    expect(obs).toMatchObject({
      phase: 'Failed',
      currentStep: 'a',
      message: 'upgrade failed: a',
      progress: 50,
      completionTime: '2020-12-28T17:05:54Z',
    });
  });

  it('a failed task message is used when present', () => {
    const obs = normalize({ a: component('Failed', { message: 'image pull failed' }) });
    expect(obs.message).toBe('a: image pull failed');
  });

  it('running: no completion time, not even from a component that finished', () => {
    const obs = normalize({ a: component('Success'), b: component('Running') });
    expect(obs.completionTime).toBeUndefined();
    expect(obs.components?.[1]?.completionTime).toBeUndefined();
    expect(obs.startTime).toBe('2020-12-28T17:00:32Z');
  });

  it('empty map → Idle, no progress, no components', () => {
    expect(normalize({})).toEqual({ phase: 'Idle', components: [], providerStatus: {} });
  });

  it('all idle → Idle, no progress', () => {
    const obs = normalize({ a: component(undefined), b: { addon_info: null, tasks: null } });
    expect(obs.phase).toBe('Idle');
    expect(obs.progress).toBeUndefined();
  });

  it('requested components the cloud did not report are named, not invented', () => {
    const obs = normalize({ a: component('Running') }, ['a', 'ghost', 'a']);
    expect(obs.components?.map((c) => c.name)).toEqual(['a']);
    expect(obs.message).toBe('not reported by ACK: ghost');
    expect(obs.providerStatus).toMatchObject({ missingComponents: ['ghost'] });
  });

  it('ready_to_upgrade: "true"/"false" strings, booleans, and junk', () => {
    const obs = normalize({
      s1: { addon_info: { ready_to_upgrade: 'true' } },
      s2: { addon_info: { ready_to_upgrade: 'FALSE' } },
      b: { addon_info: { ready_to_upgrade: true } },
      j: { addon_info: { ready_to_upgrade: 'maybe' } },
      e: { addon_info: { ready_to_upgrade: '' } },
    });
    expect(obs.components?.map((c) => c.readyToUpgrade)).toEqual([true, false, true, undefined, undefined]);
  });

  it('component_name from addon_info wins over the map key; empty version is omitted', () => {
    const obs = normalize({
      key: { addon_info: { component_name: 'real-name', version: '' }, tasks: { status: 'Running' } },
    });
    expect(obs.components?.[0]).toEqual({ name: 'real-name', phase: 'Running' });
  });

  it('is_canceled=true with no status still counts as a (cancelled) task', () => {
    const obs = normalize({ a: { tasks: { is_canceled: true } } });
    expect(obs).toMatchObject({
      phase: 'Cancelled',
      progress: 0,
      providerStatus: { components: { a: '(is_canceled)' } },
    });
  });

  const skipped: Array<[why: string, entry: unknown]> = [
    ['null: ACK answers so for an add-on that is not installed', null],
    ['a string', 'nope'],
    ['a number', 42],
    ['an array', [{ tasks: { status: 'Failed' } }]],
  ];
  it.each(skipped)('a non-object entry is skipped, the rest of the answer kept: %s', (_why, entry) => {
    const obs = normalize(
      { terway: { addon_info: { version: 'v1' }, tasks: { status: 'Running' } }, ghost: entry },
      ['terway', 'ghost'],
    );
    expect(obs).toMatchObject({ phase: 'Running', currentStep: 'terway', progress: 0 });
    expect(obs.components?.map((c) => c.name)).toEqual(['terway']);
    expect(obs.providerStatus).toMatchObject({ missingComponents: ['ghost'] });
  });

  it('the root must still be an object, and an object entry with a wrong field type still fails', () => {
    expect(addonsUpgradeStatusSchema.safeParse([]).success).toBe(false);
    expect(addonsUpgradeStatusSchema.safeParse(null).success).toBe(false);
    expect(addonsUpgradeStatusSchema.safeParse({ a: { tasks: 'Running' } }).success).toBe(false);
  });
});

describe('properties', () => {
  const task = fc.record(
    {
      status: fc.oneof(
        fc.constantFrom('Upgrading', 'Running', 'Success', 'Failed', 'Paused', 'Canceled', 'success', ''),
        fc.string(),
      ),
      is_canceled: fc.oneof(fc.boolean(), fc.constantFrom('true', 'false', 'x')),
      created_at: fc.oneof(
        fc.constant(''),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        fc.string(),
      ),
      finished_at: fc.oneof(
        fc.constant(''),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      ),
    },
    { requiredKeys: [] },
  );
  const entry = fc.record(
    {
      addon_info: fc.option(
        fc.record(
          {
            component_name: fc.string(),
            version: fc.string(),
            ready_to_upgrade: fc.oneof(fc.boolean(), fc.string()),
          },
          { requiredKeys: [] },
        ),
        { nil: null },
      ),
      tasks: fc.option(task, { nil: null }),
    },
    { requiredKeys: [] },
  );
  // Well-typed random maps: every one passes the schema, most name components.
  const componentMap = fc.dictionary(fc.string(), entry, { maxKeys: 6 });

  it('any JSON either fails the schema or normalizes into a valid Observation', () => {
    // Raw JSON alone reached the assertion for 20 of 300 inputs (6 with a component), so it
    // is mixed with well-typed maps and both counts must clear a floor: of 300 runs (fixed
    // seed), 167 reached it and 135 of those named components.
    let normalized = 0;
    let withComponents = 0;
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue(), componentMap),
        fc.array(fc.string(), { maxLength: 4 }),
        (json, requested) => {
          const parsed = addonsUpgradeStatusSchema.safeParse(json);
          if (!parsed.success) return;
          normalized += 1;
          if (Object.keys(parsed.data).length > 0) withComponents += 1;
          expectValidObservation(normalizeAddonsUpgradeStatus(parsed.data, requested));
        },
      ),
      { seed: 23, numRuns: 300 },
    );
    expect(normalized).toBeGreaterThan(150);
    expect(withComponents).toBeGreaterThan(100);
  });

  it('well-typed random maps always normalize validly, and the phase is the highest present', () => {
    fc.assert(
      fc.property(componentMap, (body) => {
        const obs = normalize(body);
        expectValidObservation(obs);
        const present = new Set(obs.components?.map((c) => c.phase));
        const expected = ADDON_PHASE_PRECEDENCE.find((p) => present.has(p)) ?? 'Idle';
        expect(obs.phase).toBe(expected);
      }),
      { seed: 29, numRuns: 400 },
    );
  });
});
