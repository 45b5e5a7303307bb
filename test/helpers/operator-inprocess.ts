// The operator in-process (startOperator) with an injected virtual clock + timers for the
// controller and the work queue, so minutes of poll schedule (10-minute AuthFailed gate,
// Retry-After, idle heartbeats) pass without sleeping. Everything else is real: the
// kube-apiserver, the informer, the ServiceAccount kubeconfig bound by deploy/rbac/, the HTTP
// requests to the simulator (which runs on the same virtual clock, so signature dates agree).
//
// Driving: advance(ms) moves virtual time in steps; after each step it waits (in real time)
// until the work queue is idle, so every reconcile a step triggers — with its real HTTP calls —
// finishes before time moves on.
import { parseConfig } from '../../src/config.js';
import { startOperator, type RunningOperator } from '../../src/operator.js';
import { createAxiosTransport } from '../../src/providers/common/axios-transport.js';
import { createLogger } from '../../src/runtime/logger.js';
import { FakeTimers } from './fake-timers.js';
import { CapturedLog, sleep } from './operator-harness.js';

export interface CloudCall {
  /** Virtual time of the request (ms epoch). */
  at: number;
  url: string;
}

export interface InProcessOperator {
  op: RunningOperator;
  clock: FakeTimers;
  log: CapturedLog;
  /** Every cloud request the operator sent, with its virtual time. */
  calls: CloudCall[];
  fatal: string[];
  /** Waits (real time) until no key is queued or being reconciled, three checks in a row. */
  settle(timeoutMs?: number): Promise<void>;
  /** Moves virtual time by `ms` in steps of `stepMs`, settling after each. `onStep` may stop early (true). */
  advance(ms: number, stepMs?: number, onStep?: () => boolean | void): Promise<void>;
  stop(): Promise<void>;
}

export async function startInProcessOperator(opts: {
  kubeconfig: string;
  selector: string;
  clock: FakeTimers;
  args?: string[];
}): Promise<InProcessOperator> {
  const parsed = parseConfig(
    [
      '--kubeconfig',
      opts.kubeconfig,
      '--selector',
      opts.selector,
      '--allow-custom-endpoints',
      '--metrics-bind-address',
      '127.0.0.1:0',
      '--health-probe-bind-address',
      '0',
      ...(opts.args ?? []),
    ],
    {},
  );
  if (parsed.help) throw new Error('unexpected --help');
  const log = new CapturedLog();
  const logger = createLogger({ level: 'debug', destination: log });
  const calls: CloudCall[] = [];
  const axios = createAxiosTransport();
  const fatal: string[] = [];
  const { clock } = opts;
  const op = await startOperator(parsed.config, logger, (reason) => fatal.push(reason), {
    clock,
    monotonic: clock,
    timers: clock,
    transport: (request) => {
      calls.push({ at: clock.nowMillis(), url: request.url });
      return axios(request);
    },
  });

  const settle = async (timeoutMs = 15_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    let quiet = 0;
    while (quiet < 3) {
      await sleep(5);
      quiet = op.busy() ? 0 : quiet + 1;
      if (Date.now() > deadline) throw new Error('the in-process operator did not settle');
    }
  };

  return {
    op,
    clock,
    log,
    calls,
    fatal,
    settle,
    async advance(ms, stepMs = 1_000, onStep) {
      for (let moved = 0; moved < ms; moved += stepMs) {
        await clock.advance(Math.min(stepMs, ms - moved));
        await settle();
        if (onStep?.() === true) return;
      }
    },
    stop: () => op.stop(2_000),
  };
}
