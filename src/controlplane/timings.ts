/** Timeouts and intervals of the local control plane; injectable for tests. */
export interface Timings {
  etcdReadyTimeoutMs: number;
  apiServerReadyTimeoutMs: number;
  pollIntervalMs: number;
  /** Time between SIGTERM and SIGKILL on stop. */
  stopGraceMs: number;
}

export const defaultTimings: Timings = {
  etcdReadyTimeoutMs: 30_000,
  apiServerReadyTimeoutMs: 90_000,
  pollIntervalMs: 200,
  stopGraceMs: 5_000,
};
