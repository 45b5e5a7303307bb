// Ctrl-C handling for the demo: the first SIGINT/SIGTERM/SIGHUP asks for an orderly stop
// (the demo then cleans up and exits 0); a second one exits at once with 130, leaving the
// process-exit hooks (control plane and operator processes killed, temp dirs removed) to clean up.

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export interface Interrupt {
  readonly requested: boolean;
  /** Resolves on the first signal. */
  readonly promise: Promise<NodeJS.Signals>;
  /** Resolves after `ms`, or earlier on a signal. */
  sleep(ms: number): Promise<void>;
  dispose(): void;
}

export function watchForInterrupt(onForcedExit: (signal: NodeJS.Signals) => void): Interrupt {
  let requested = false;
  let resolveFirst: (signal: NodeJS.Signals) => void = () => undefined;
  const promise = new Promise<NodeJS.Signals>((resolve) => {
    resolveFirst = resolve;
  });
  const handler = (signal: NodeJS.Signals): void => {
    if (requested) {
      onForcedExit(signal);
      process.exit(130);
    }
    requested = true;
    resolveFirst(signal);
  };
  for (const signal of SIGNALS) process.on(signal, handler);
  return {
    get requested() {
      return requested;
    },
    promise,
    sleep(ms) {
      let timer: NodeJS.Timeout | undefined;
      return Promise.race([
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, ms);
        }),
        promise.then(() => undefined),
      ]).finally(() => clearTimeout(timer));
    },
    dispose() {
      for (const signal of SIGNALS) process.removeListener(signal, handler);
    },
  };
}
