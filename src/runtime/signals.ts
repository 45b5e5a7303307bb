// SIGTERM/SIGINT → ordered shutdown (docs/reference.md#shutdown): the caller lists the steps in order (stop the
// informer, drain the queue ≤ 10 s, release the lease, close servers); each runs once, a
// failing or hanging step is logged and skipped after its timeout, then the process exits 0.
// A second signal while shutting down exits at once with 1.
import { settleWithin, systemTimers, type Timers } from './clock.js';

export interface ShutdownStep {
  name: string;
  run(): Promise<unknown> | unknown;
  /** Give up waiting for this step after this long (default 15 s). */
  timeoutMs?: number;
}

interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

interface ShutdownLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

interface ShutdownOptions {
  steps: ShutdownStep[];
  logger: ShutdownLogger;
  signals?: NodeJS.Signals[];
  source?: SignalSource;
  exit?: (code: number) => void;
  timers?: Timers;
}

interface ShutdownHandle {
  /** Runs the steps (once) and exits 0; also what a signal triggers. */
  shutdown(reason: string): Promise<void>;
  /** Removes the signal listeners (without shutting down). */
  dispose(): void;
}

const DEFAULT_STEP_TIMEOUT_MS = 15_000;

export function installShutdownHandlers(opts: ShutdownOptions): ShutdownHandle {
  const source: SignalSource = opts.source ?? process;
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const timers = opts.timers ?? systemTimers;
  const signals = opts.signals ?? ['SIGTERM', 'SIGINT'];
  let running: Promise<void> | undefined;

  const runStep = async (step: ShutdownStep): Promise<void> => {
    const timeoutMs = step.timeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
    try {
      const outcome = await settleWithin(
        timers,
        Promise.resolve().then(() => step.run()),
        timeoutMs,
      );
      if (outcome === 'timeout') opts.logger.error({ step: step.name, timeoutMs }, 'shutdown step timed out');
    } catch (err) {
      opts.logger.error({ step: step.name, err }, 'shutdown step failed');
    }
  };

  const shutdown = (reason: string): Promise<void> => {
    running ??= (async () => {
      opts.logger.info({ reason }, 'shutting down');
      for (const step of opts.steps) await runStep(step);
      opts.logger.info({}, 'shutdown complete');
      dispose();
      exit(0);
    })();
    return running;
  };

  const onSignal = (signal: NodeJS.Signals) => () => {
    if (running) {
      opts.logger.error({ signal }, 'second signal during shutdown, exiting now');
      exit(1);
      return;
    }
    void shutdown(signal);
  };
  const listeners = signals.map((signal) => [signal, onSignal(signal)] as const);
  for (const [signal, listener] of listeners) source.on(signal, listener);

  function dispose(): void {
    for (const [signal, listener] of listeners) source.off(signal, listener);
  }

  return { shutdown, dispose };
}
