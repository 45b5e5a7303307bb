import type { ClusterUpgradeWatch } from '../../../src/api/types.js';
import { createEventLanes, dropCounter, laneOf } from '../../../src/controller/event-lanes.js';
import type { EventSpec } from '../../../src/controller/events.js';
import { flushMicrotasks } from '../../helpers/fake-timers.js';

function watch(name: string): ClusterUpgradeWatch {
  return {
    apiVersion: 'upgradewatch.io/v1alpha1',
    kind: 'ClusterUpgradeWatch',
    metadata: { name, namespace: 'ns', uid: `uid-${name}` },
    spec: {} as ClusterUpgradeWatch['spec'],
  };
}

const event = (reason: string): EventSpec => ({
  type: 'Normal',
  reason: reason as EventSpec['reason'],
  message: reason,
});

/** A writer whose calls stay open until the test resolves them. */
function gatedWriter() {
  const calls: { name: string; reasons: string[]; done: () => void }[] = [];
  const write = (object: ClusterUpgradeWatch, events: readonly EventSpec[]) =>
    new Promise<void>((resolve) =>
      calls.push({ name: object.metadata.name, reasons: events.map((e) => e.reason), done: resolve }),
    );
  return { calls, write };
}

describe('createEventLanes', () => {
  it('returns before the Events are written (the reconcile does not wait for the API server)', async () => {
    const writer = gatedWriter();
    const lanes = createEventLanes(writer.write);
    let returned = false;
    void lanes.record(watch('a'), [event('UpgradeStarted')]).then(() => (returned = true));
    await flushMicrotasks();
    expect(returned).toBe(true);
    expect(writer.calls).toHaveLength(1);
    expect(lanes.pending()).toBe(1);
    writer.calls[0]!.done();
    await flushMicrotasks();
    expect(lanes.pending()).toBe(0);
  });

  it("keeps the order of one object's Events: the next batch waits for the previous one", async () => {
    // UpgradeStarted must reach the API server before UpgradeSucceeded of the same object.
    const writer = gatedWriter();
    const lanes = createEventLanes(writer.write, { lanes: 4 });
    void lanes.record(watch('a'), [event('UpgradeStarted')]);
    void lanes.record(watch('a'), [event('UpgradeSucceeded')]);
    await flushMicrotasks();
    expect(writer.calls.map((c) => c.reasons[0])).toEqual(['UpgradeStarted']);
    writer.calls[0]!.done();
    await flushMicrotasks();
    expect(writer.calls.map((c) => c.reasons[0])).toEqual(['UpgradeStarted', 'UpgradeSucceeded']);
  });

  it('writes different objects in parallel lanes', async () => {
    // One slow object must not hold up the Events of every other object.
    const writer = gatedWriter();
    const lanes = createEventLanes(writer.write, { lanes: 8 });
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    for (const name of names) void lanes.record(watch(name), [event('UpgradeStarted')]);
    await flushMicrotasks();
    const distinctLanes = new Set(names.map((n) => laneOf(`uid-${n}`, 8))).size;
    expect(writer.calls).toHaveLength(distinctLanes);
    expect(distinctLanes).toBeGreaterThan(1);
  });

  it('drops and reports Events beyond the backlog instead of queueing without bound', async () => {
    const writer = gatedWriter();
    const dropped: string[] = [];
    const lanes = createEventLanes(writer.write, {
      maxPending: 2,
      onDrop: (object, events) => dropped.push(`${object.metadata.name}:${events.length}`),
    });
    void lanes.record(watch('a'), [event('UpgradeStarted'), event('StepStarted')]);
    void lanes.record(watch('b'), [event('UpgradeStarted')]);
    await flushMicrotasks();
    expect(dropped).toEqual(['b:1']);
    expect(lanes.pending()).toBe(2);
  });

  it('keeps going after a writer failure', async () => {
    const seen: string[] = [];
    const lanes = createEventLanes(
      async (object) => {
        seen.push(object.metadata.name);
        if (object.metadata.name === 'a') throw new Error('apiserver down');
      },
      { lanes: 1 },
    );
    void lanes.record(watch('a'), [event('X')]);
    void lanes.record(watch('b'), [event('Y')]);
    expect(await lanes.flush(1_000)).toBe(true);
    expect(seen).toEqual(['a', 'b']);
  });

  it('flush waits for the backlog and reports a timeout when it cannot drain', async () => {
    const writer = gatedWriter();
    const lanes = createEventLanes(writer.write);
    expect(await lanes.flush(10)).toBe(true); // nothing pending
    void lanes.record(watch('a'), [event('X')]);
    expect(await lanes.flush(20)).toBe(false); // the write never finishes
    const flushed = lanes.flush(1_000);
    writer.calls[0]!.done();
    expect(await flushed).toBe(true);
  });

  it('ignores an empty batch', async () => {
    const writer = gatedWriter();
    const lanes = createEventLanes(writer.write);
    await lanes.record(watch('a'), []);
    expect(writer.calls).toHaveLength(0);
    expect(lanes.pending()).toBe(0);
  });

  it('takes one rate-limit token per Event before writing, so Events trickle behind the status writes', async () => {
    const writer = gatedWriter();
    const grants: (() => void)[] = [];
    const lanes = createEventLanes(writer.write, {
      rateLimiter: { acquire: () => new Promise<void>((resolve) => grants.push(resolve)) },
    });
    void lanes.record(watch('a'), [event('UpgradeStarted'), event('StepStarted')]);
    await flushMicrotasks();
    expect(writer.calls).toHaveLength(0); // waiting for the first token
    grants.shift()!();
    await flushMicrotasks();
    expect(writer.calls).toHaveLength(0); // one token per Event: still one missing
    grants.shift()!();
    await flushMicrotasks();
    expect(writer.calls.map((c) => c.reasons)).toEqual([['UpgradeStarted', 'StepStarted']]);
  });
});

describe('dropCounter', () => {
  it('logs the first drop at once, then at most one summed line per 30 s, and the rest on flush', () => {
    // 1983 warning lines for one cold start in the benchmark: one line per 30 s says the same.
    let now = 0;
    const reports: number[] = [];
    const drops = dropCounter({ now: () => new Date(now) }, (n) => reports.push(n));
    drops.add(2);
    now = 1_000;
    drops.add(2);
    drops.add(2);
    expect(reports).toEqual([2]);
    now = 31_000;
    drops.add(2);
    expect(reports).toEqual([2, 6]);
    now = 32_000;
    drops.add(1);
    drops.flush();
    drops.flush(); // nothing left
    expect(reports).toEqual([2, 6, 1]);
  });
});
