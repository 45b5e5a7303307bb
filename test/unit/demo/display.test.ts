// Which renderer the demo's live table uses: on a terminal one frame redrawn in place (cursor home
// and clear, as `watch` does); anywhere else (CI logs, a pipe, a file) plain tables appended one
// after the other, never an escape sequence.

import { createDisplay, type DisplayOutput } from '../../../src/demo/display.js';
import type { WatchRow } from '../../../src/demo/table.js';

const CURSOR_HOME = '\x1b[H';
const CLEAR_SCREEN = '\x1b[2J';

function recorder(isTTY: boolean | undefined): DisplayOutput & { writes: string[] } {
  const writes: string[] = [];
  return { isTTY, columns: 120, writes, write: (text: string) => writes.push(text) };
}

const row = (phase: string, progress?: number): WatchRow => ({
  namespace: 'upgradewatch-demo',
  name: 'ack-hangzhou',
  provider: 'AlibabaACK',
  cluster: 'c1',
  phase,
  step: '',
  ready: 'True',
  ...(progress !== undefined ? { progress } : {}),
});

describe('demo display: renderer choice', () => {
  it.each([
    // [why, isTTY]
    ['stdout piped into a file or CI log: no isTTY at all', undefined],
    ['stdout explicitly not a terminal', false],
  ])('appends plain tables when %s', (_why, isTTY) => {
    const out = recorder(isTTY);
    const display = createDisplay(out, ['header line'], 'footer');
    display.show([row('Running', 10)], 1_000);
    display.show([row('Running', 50)], 2_000);
    display.final([row('Succeeded', 100)], 3_000, 'done');
    const text = out.writes.join('');
    expect(text).not.toContain('\x1b[');
    expect(text.match(/^--- \+\S+ ---$/gm)).toHaveLength(2);
    expect(text).toContain('=== final state after 3s ===');
    expect(text.indexOf('header line')).toBe(text.lastIndexOf('header line'));
  });

  it('does not repeat a snapshot when only the elapsed time moved (short CI logs)', () => {
    const out = recorder(false);
    const display = createDisplay(out, ['header'], 'footer');
    display.show([row('Running', 10)], 1_000);
    display.show([row('Running', 10)], 2_000);
    expect(out.writes.join('').match(/^--- \+\S+ ---$/gm)).toHaveLength(1);
  });

  it('redraws one frame in place on a terminal: clear once, then cursor home each refresh', () => {
    const out = recorder(true);
    const display = createDisplay(out, ['header line'], 'footer');
    display.show([row('Running', 10)], 1_000);
    display.show([row('Running', 10)], 2_000);
    display.show([row('Running', 50)], 3_000);
    const [first, second, third] = out.writes;
    expect(first?.startsWith(CLEAR_SCREEN)).toBe(true);
    expect(second?.startsWith(CURSOR_HOME)).toBe(true);
    expect(third?.startsWith(CURSOR_HOME)).toBe(true);
    // Every refresh is a frame, even with the same rows (the elapsed time in the footer moves).
    expect(out.writes).toHaveLength(3);
    expect(out.writes.join('')).not.toContain('--- +');
  });

  it('gives the terminal its cursor back when closed, once', () => {
    const out = recorder(true);
    const display = createDisplay(out, ['header'], 'footer');
    display.show([row('Running')], 1_000);
    display.close();
    display.close();
    expect(out.writes.filter((w) => w === '\x1b[?25h')).toHaveLength(1);
  });
});
