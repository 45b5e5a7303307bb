interface WaitOptions {
  timeoutMs: number;
  intervalMs: number;
  /** Checked before every attempt; a returned Error aborts the wait. */
  abort?: () => Error | undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls probe until it returns true. Throws the abort error, or a timeout
 * error carrying the last probe failure.
 */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  opts: WaitOptions,
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let last = 'not ready';
  for (;;) {
    const aborted = opts.abort?.();
    if (aborted) throw aborted;
    try {
      if (await probe()) return;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${opts.timeoutMs}ms waiting for ${what} (last: ${last})`);
    }
    await sleep(opts.intervalMs);
  }
}
