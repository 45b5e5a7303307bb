// When the demo may use its namespace on a cluster it did not start (`--kubeconfig`): it deletes
// that namespace on exit, so it must never adopt one somebody else made.

import { namespaceRefusal } from '../../../src/demo/cluster.js';
import { DEMO_LABELS } from '../../../src/demo/samples.js';

describe('namespaceRefusal', () => {
  it.each([
    // [why, namespace, refused with]
    ['no namespace yet: the demo creates it', undefined, undefined],
    [
      'left over by an earlier demo (its label): reused, deleted on exit',
      { metadata: { labels: { ...DEMO_LABELS } } },
      undefined,
    ],
    [
      'made by someone else (no label): never adopted, it would be deleted',
      { metadata: {} },
      /not created by the demo/,
    ],
    [
      'the label with another value is someone else’s',
      { metadata: { labels: { 'app.kubernetes.io/part-of': 'x' } } },
      /not created by the demo/,
    ],
    [
      'still terminating: objects cannot be created in it',
      { metadata: { labels: { ...DEMO_LABELS }, deletionTimestamp: '2026-12-06T21:00:00Z' } },
      /still being deleted/,
    ],
  ])('%s', (_why, namespace, refusal) => {
    const reason = namespaceRefusal(namespace);
    // No refusal expected: undefined; else the reason matches the row's pattern.
    const matched = reason !== undefined && refusal !== undefined && refusal.test(reason);
    expect([reason === undefined, matched]).toEqual([refusal === undefined, refusal !== undefined]);
  });
});
