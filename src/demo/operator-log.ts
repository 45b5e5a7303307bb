// Reads the operator's own startup line ("upgradewatch started", JSON) from its log file to
// learn where its metrics and probe servers listen (the demo binds them to port 0).

import { readFileSync } from 'node:fs';

interface OperatorEndpoints {
  metrics?: string;
  probes?: string;
}

/** The URLs of the operator's "upgradewatch started" log line; undefined until it is written. */
export function operatorEndpoints(logText: string): OperatorEndpoints | undefined {
  for (const line of logText.split('\n')) {
    if (!line.includes('upgradewatch started')) continue;
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      const url = (value: unknown): string | undefined =>
        typeof value === 'string' && /^https?:\/\//.test(value) ? value : undefined;
      const metrics = url(entry.metrics);
      const probes = url(entry.probes);
      return { ...(metrics ? { metrics } : {}), ...(probes ? { probes } : {}) };
    } catch {
      // not our line
    }
  }
  return undefined;
}

/** Waits up to `timeoutMs` for the startup line; undefined if it never comes (the demo goes on). */
export async function waitForOperatorEndpoints(
  logPath: string,
  timeoutMs: number,
): Promise<OperatorEndpoints | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let found: OperatorEndpoints | undefined;
    try {
      found = operatorEndpoints(readFileSync(logPath, 'utf8'));
    } catch {
      // not written yet
    }
    if (found || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
