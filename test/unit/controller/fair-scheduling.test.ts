// Multi-tenant hardening, attack 2 (docs/reliability.md#8-multi-tenancy): one tenant's 400
// watches share one access key and region, so they drain one token bucket (10 requests/s,
// burst 20). A victim in another namespace, with its own key, is queued behind all of them.
// With workers that wait for tokens inside the handler, every worker ends up asleep on the
// attacker's bucket and the victim's first poll comes only after most of the attacker's
// polls. No worker may sleep on a token or a slot: the victim's first poll must come within
// 2 s of (fake) time. Follow-up requests (the CCE task read, CSS pages) take their tokens before
// they are sent too: no bucket ever sends more than its burst plus its rate.
import { parseSpec } from '../../../src/api/schema.js';
import type { ClusterUpgradeWatch } from '../../../src/api/types.js';
import { createReconciler } from '../../../src/controller/reconciler.js';
import { noopMetrics } from '../../helpers/noop-metrics.js';
import type { ConnectingFamily } from '../../../src/providers/common/provider.js';
import { Semaphore } from '../../../src/runtime/semaphore.js';
import { TokenBucketLimiter } from '../../../src/runtime/token-bucket.js';
import { WorkQueue } from '../../../src/runtime/workqueue.js';
import { FakeTimers } from '../../helpers/fake-timers.js';

const ATTACKER_WATCHES = 400;
/** The operator's defaults: --max-concurrent-polls 16 and twice as many workers. */
const MAX_CONCURRENT_POLLS = 16;
const WORKERS = 32;
const VICTIM_KEY = 'victim/prod';
/** The operator's default cloud rate limit per bucket. */
const QPS = 10;
const BURST = 20;

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

/** A request the fake cloud received: which tenant's bucket it was on, and when. */
interface SentRequest {
  namespace: string;
  at: number;
}

/** Each poll sends `requestsPerPoll` requests (2 = a cluster read and the CCE task read). */
function world(requestsPerPoll: number) {
  const timers = new FakeTimers('2025-03-01T10:00:00Z');
  const watches = new Map<string, ClusterUpgradeWatch>();
  for (let i = 0; i < ATTACKER_WATCHES; i++) watches.set(`mallory/w${i}`, watch('mallory', `w${i}`));
  watches.set(VICTIM_KEY, watch('victim', 'prod'));
  const firstPollAt = new Map<string, number>();
  const sent: SentRequest[] = [];

  const family: ConnectingFamily = {
    name: 'AlibabaACK',
    defaultBaseUrl: (spec) => `https://cs.${spec.region}.aliyuncs.com`,
    allowedDomains: ['aliyuncs.com'],
    connect: (params) => ({
      observe: async () => {
        const key = `${params.spec.clusterID}`;
        for (let i = 0; i < requestsPerPoll; i++) {
          try {
            await params.transport({ method: 'GET', url: `https://cloud.test/${key}`, headers: {} });
          } catch (error) {
            return { ok: false, error: { class: 'NetworkError', message: String(error) } };
          }
        }
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
    transport: async (request) => {
      sent.push({
        namespace: request.url.endsWith('/c-prod') ? 'victim' : 'mallory',
        at: timers.nowMillis(),
      });
      return { status: 200, headers: {}, body: '{}' };
    },
    rateLimiter: new TokenBucketLimiter({ qps: QPS, burst: BURST, clock: timers, timers }),
    semaphore: new Semaphore(MAX_CONCURRENT_POLLS),
    writeStatus: async () => ({ result: 'success', resourceVersion: '2' }),
    recordEvents: async () => {},
    metrics: noopMetrics,
    clock: timers,
    random: () => 0.5,
    options: { allowCustomEndpoints: false },
  });
  const queue = new WorkQueue({ monotonic: timers, timers });
  return { timers, watches, firstPollAt, sent, reconciler, queue };
}

/** The most requests one bucket of `BURST` tokens refilled at `QPS` may send by `elapsedMs`. */
function bucketAllows(elapsedMs: number): number {
  return BURST + (QPS * elapsedMs) / 1000;
}

describe('fair scheduling between tenants (multi-tenant hardening)', () => {
  test('a victim’s first poll stays within 2 s while 400 watches drain one bucket', async () => {
    const { timers, watches, firstPollAt, reconciler, queue } = world(1);
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

  test('follow-up requests take their tokens before they are sent: no bucket goes past its burst plus its rate', async () => {
    // Every poll reads the cluster, then the task (CCE). Taking the follow-up's token on credit
    // sent 40 requests on the attacker's 20-token bucket at once; now a follow-up with no token
    // free cuts its poll, which frees the slot and retries with both tokens reserved.
    const { timers, watches, firstPollAt, sent, reconciler, queue } = world(2);
    const startedAt = timers.nowMillis();
    for (const key of watches.keys()) queue.add(key);
    queue.start((key) => reconciler.reconcile(key), WORKERS);
    await timers.advance(2_000);

    const victimPolledAfterMs = (firstPollAt.get('c-prod') ?? Number.POSITIVE_INFINITY) - startedAt;
    expect(victimPolledAfterMs).toBeLessThanOrEqual(2_000);
    // 400 polls of 2 requests at 10/s, plus the first request of each poll that was cut before
    // its watch was known to need two: 1 200 tokens, 120 s.
    await timers.advance(125_000);
    expect(firstPollAt.size).toBe(ATTACKER_WATCHES + 1);
    await queue.shutdown({ drainMs: 0 });

    const attackerSends = sent.filter((r) => r.namespace === 'mallory');
    const overdrawn = attackerSends.find((r, i) => i + 1 > bucketAllows(r.at - startedAt));
    expect(overdrawn).toBeUndefined();
  });
});
