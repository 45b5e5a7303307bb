// Prometheus text exposition → samples, for the tools and tests that read /metrics.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Sample values as Prometheus writes them: floats, `NaN`, `+Inf`, `-Inf`. */
function sampleValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const m of (match[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[m[1]!] = m[2]!;
    }
    samples.push({ name: match[1]!, labels, value: sampleValue(match[4]!) });
  }
  return samples;
}
