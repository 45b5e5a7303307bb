// Multi-tenant hardening, attack 2 (docs/reliability.md#8-multi-tenancy): one tenant's 400
// watches share one access key and region, so they drain one token bucket (10 requests/s,
// burst 20). A victim in another namespace, with its own key, is queued behind all of them.
// With workers that wait for tokens inside the handler, every worker ends up asleep on the
// attacker's bucket and the victim's first poll comes only after most of the attacker's
// polls. No worker may sleep on a token or a slot: the victim's first poll must come within
// 2 s of (fake) time.
import { parseSpec } from '../../../src/api/schema.js';
import type { ClusterUpgradeWatch } from '../../../src/api/types.js';
import { createReconciler } from '../../../src/controller/reconciler.js';
import { noopMetrics } from '../../helpers/noop-metrics.js';
import type { ProviderFamily } from '../../../src/providers/common/provider.js';
import { Semaphore } from '../../../src/runtime/semaphore.js';
import { TokenBucketLimiter } from '../../../src/runtime/token-bucket.js';
import { WorkQueue } from '../../../src/runtime/workqueue.js';
import { FakeTimers } from '../../helpers/fake-timers.js';

const ATTACKER_WATCHES = 400;
/** The operator's defaults: --max-concurrent-polls 16 and twice as many workers. */
const MAX_CONCURRENT_POLLS = 16;
const WORKERS = 32;
const VICTIM_KEY = 'victim/prod';

function watch(namespace: string, name: string): ClusterUpgradeWatch {
  return {
    apiVersion: 'upgradewatch.io/v1alpha1',
    kind: 'ClusterUpgradeWatch',
    metadata: { namespace, name, uid: `uid-${namespace}-${name}`, generation: 1, resourceVersion: '1' },
    spec: {
      provider: 'AlibabaACK',
      region: 'cn-hangzhou',
      clusterID: `c-${name}`,
      credentialsRef: { name: 'creds' },
    },
  };
}

function world() {
  const timers = new FakeTimers('2025-03-01T10:00:00Z');
  const watches = new Map<string, ClusterUpgradeWatch>();
  for (let i = 0; i < ATTACKER_WATCHES; i++) watches.set(`mallory/w${i}`, watch('mallory', `w${i}`));
  watches.set(VICTIM_KEY, watch('victim', 'prod'));
  const firstPollAt = new Map<string, number>();

  const family: ProviderFamily = {
    name: 'AlibabaACK',
    defaultBaseUrl: (spec) => `https://cs.${spec.region}.aliyuncs.com`,
    allowedDomains: ['aliyuncs.com'],
    connect: (params) => ({
      observe: async () => {
        const key = `${params.spec.clusterID}`;
        if (!firstPollAt.has(key)) firstPollAt.set(key, timers.nowMillis());
        return { ok: true, observation: { phase: 'Idle' } };
      },
    }),
  };
  const reconciler = createReconciler({
    getWatch: (key) => watches.get(key),
    parseSpec,
    getCredentials: async ({ namespace }) => ({
      ok: true,
      credentials: { accessKeyId: `LTAI${namespace}`, accessKeySecret: `Secret0${namespace}Value9XyZ` },
      fingerprint: `fp-${namespace}`,
    }),
    families: { AlibabaACK: family },
    transport: async () => {
      throw new Error('the fake family never sends HTTP');
    },
    rateLimiter: new TokenBucketLimiter({ qps: 10, burst: 20, clock: timers, timers }),
    semaphore: new Semaphore(MAX_CONCURRENT_POLLS),
    writeStatus: async () => ({ result: 'success', resourceVersion: '2' }),
    recordEvents: async () => {},
    metrics: noopMetrics,
    clock: timers,
    random: () => 0.5,
    options: { allowCustomEndpoints: false },
  });
  const queue = new WorkQueue({ monotonic: timers, timers });
  return { timers, watches, firstPollAt, reconciler, queue };
}

describe('fair scheduling between tenants (multi-tenant hardening)', () => {
  test('a victim’s first poll stays within 2 s while 400 watches drain one bucket', async () => {
    const { timers, watches, firstPollAt, reconciler, queue } = world();
    const startedAt = timers.nowMillis();
    for (const key of watches.keys()) queue.add(key); // the victim is last in line
    queue.start((key) => reconciler.reconcile(key), WORKERS);
    await timers.advance(2_000);

    const victimWaitedMs = (firstPollAt.get('c-prod') ?? Number.POSITIVE_INFINITY) - startedAt;
    expect(victimWaitedMs).toBeLessThanOrEqual(2_000);
    // The attacker still gets its fair share: its bucket's burst plus 10 per second.
    expect(firstPollAt.size - 1).toBeGreaterThanOrEqual(20);
    expect(firstPollAt.size - 1).toBeLessThanOrEqual(20 + 2 * 10);

    // And every attacking watch is eventually polled once, at the bucket's rate.
    await timers.advance(60_000);
    expect(firstPollAt.size).toBe(ATTACKER_WATCHES + 1);
    await queue.shutdown({ drainMs: 0 });
  });
});
