// The process-level secret scan of a chaos run: every secret value and token the operator held
// (test/helpers/secret-scan.ts looks for it verbatim, JSON-escaped, URL-encoded, hex and base64 at
// every alignment) over everything the operator emitted during the run.
import { describeHits, scanForSecrets, textsOf } from '../helpers/secret-scan.js';
import type { ChaosWorld } from './world.js';

export interface Emitted {
  /** Every stdout/stderr line of every replica, as written. */
  logLines: Array<{ source: string; text: string }>;
  /** Every core/v1 Event in the control plane (the whole object). */
  events: unknown[];
  /** Every CR version the recorder saw (the whole object). */
  crVersions: unknown[];
  /** Every /metrics text scraped from every replica. */
  metrics: Array<{ source: string; text: string }>;
  /** status.message, condition and Event messages (the operator's error texts), de-duplicated. */
  messages: string[];
}

export interface ScanResult {
  items: Record<keyof Emitted, number>;
  bytes: number;
  hits: number;
  /** Where the hits are (no secret values in it). */
  where: string;
}

export function scanEmitted(emitted: Emitted, secrets: readonly string[]): ScanResult {
  const texts: string[] = [];
  const labels: string[] = [];
  const add = (label: string, text: string) => {
    texts.push(text);
    labels.push(label);
  };
  emitted.logLines.forEach((l, i) => add(`${l.source} log line ${i}`, l.text));
  textsOf(...emitted.events).forEach((t, i) => add(`Event ${i}`, t));
  textsOf(...emitted.crVersions).forEach((t, i) => add(`CR version ${i}`, t));
  emitted.metrics.forEach((m, i) => add(`${m.source} /metrics scrape ${i}`, m.text));
  emitted.messages.forEach((m, i) => add(`message ${i}`, m));
  const hits = scanForSecrets(texts, secrets);
  return {
    items: {
      logLines: emitted.logLines.length,
      events: emitted.events.length,
      crVersions: emitted.crVersions.length,
      metrics: emitted.metrics.length,
      messages: emitted.messages.length,
    },
    bytes: texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0),
    hits: hits.length,
    where: describeHits(hits.slice(0, 20), labels),
  };
}

/** The secrets found in `text` (a control: a Secret object must give hits, or the scan is blind). */
export function controlHits(text: string, secrets: readonly string[]): number {
  return scanForSecrets([text], secrets).length;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- Event objects are read loosely */

/** What the run's replicas emitted, plus the Events listed at the end of the run. */
export function emittedBy(world: ChaosWorld, events: any[]): Emitted {
  const { replicas, recorder } = world;
  const messages = new Set([
    ...recorder.versions.flatMap((v) => [
      v.object.status?.message ?? '',
      ...(v.object.status?.conditions ?? []).map((c) => c.message ?? ''),
    ]),
    ...events.map((e) => String(e.message ?? '')),
  ]);
  return {
    logLines: replicas.all.flatMap((r) => r.proc.raw.map((text) => ({ source: r.name, text }))),
    events,
    crVersions: recorder.versions.map((v) => v.object),
    metrics: replicas.all.flatMap((r) => r.scrapes.map((text) => ({ source: r.name, text }))),
    messages: [...messages].filter((m) => m !== ''),
  };
}
