import { parseMetrics } from '../../../src/devkit/prometheus-text.js';

describe('parseMetrics', () => {
  it('reads samples with and without labels and skips comments and blank lines', () => {
    const text = [
      '# HELP upgradewatch_leader 1 when this replica leads',
      '# TYPE upgradewatch_leader gauge',
      'upgradewatch_leader 1',
      '',
      'upgradewatch_upgrade_phase{namespace="team-a",name="prod",provider="AlibabaACK",phase="Running"} 1',
    ].join('\n');
    expect(parseMetrics(text)).toEqual([
      { name: 'upgradewatch_leader', labels: {}, value: 1 },
      {
        name: 'upgradewatch_upgrade_phase',
        labels: { namespace: 'team-a', name: 'prod', provider: 'AlibabaACK', phase: 'Running' },
        value: 1,
      },
    ]);
  });

  it('keeps escaped quotes and commas inside label values (they must not split labels)', () => {
    const [sample] = parseMetrics('m{a="x\\"y,z",b="2"} 3.5');
    expect(sample).toEqual({ name: 'm', labels: { a: 'x\\"y,z', b: '2' }, value: 3.5 });
  });

  it('reads exponent notation and special values as numbers', () => {
    expect(parseMetrics('a 1e+06\nb NaN\nc +Inf\nd -Inf').map((s) => s.value)).toEqual([
      1e6,
      NaN,
      Infinity,
      -Infinity,
    ]);
  });
});
