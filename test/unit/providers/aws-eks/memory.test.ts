// The EKS client's memory between polls (src/providers/aws-eks/memory.ts): only terminal updates
// are kept, "steady" needs every resource seen and nothing still changing, and every map is
// bounded.
import { EksUpdateMemory, isTerminalUpdate } from '../../../../src/providers/aws-eks/memory.js';

const update = (status: string) => ({ id: `u-${status}`, status, type: 'VersionUpdate' });

describe('EksUpdateMemory', () => {
  it.each([
    ['Successful', true],
    ['Failed', true],
    ['Cancelled', true],
    // why: still changing — must be described again on the next poll
    ['InProgress', false],
    // why: a status the model does not know may still change: never remembered as final
    ['Paused', false],
  ])('%s is terminal: %s', (status, terminal) => {
    const memory = new EksUpdateMemory();
    memory.noteUpdate('r', 'id', update(status));
    expect(isTerminalUpdate(update(status))).toBe(terminal);
    expect(memory.terminalUpdate('r', 'id') !== undefined).toBe(terminal);
  });

  it.each([
    ['a resource never listed', [], false],
    ['a resource without any update', [['a', null]], true],
    ['a finished update', [['a', 'Successful']], true],
    // why: an update still running keeps every resource listed on each poll
    [
      'one update still running',
      [
        ['a', 'Successful'],
        ['b', 'InProgress'],
      ],
      false,
    ],
  ] as const)('steady with %s: %s', (_why, seen, steady) => {
    const memory = new EksUpdateMemory();
    for (const [resource, status] of seen)
      memory.noteNewest(resource, status === null ? undefined : update(status));
    expect(memory.steady(['a', ...seen.slice(1).map(([resource]) => resource)])).toBe(steady);
  });

  it('keeps at most its bound, dropping the oldest first', () => {
    const memory = new EksUpdateMemory(3, 2);
    for (const id of ['1', '2', '3', '4']) memory.noteUpdate('r', id, update('Successful'));
    expect(['1', '2', '3', '4'].map((id) => memory.terminalUpdate('r', id) !== undefined)).toEqual([
      false,
      true,
      true,
      true,
    ]);
    for (const resource of ['a', 'b', 'c']) memory.noteNewest(resource, undefined);
    expect(memory.steady(['a'])).toBe(false); // forgotten: listed again
    expect(memory.steady(['b', 'c'])).toBe(true);
  });

  it('rotates over the node groups as each turn is passed', () => {
    const memory = new EksUpdateMemory();
    const turns = Array.from({ length: 5 }, () => {
      const turn = memory.turnInRotation('w', 3);
      memory.passTurn('w', 3);
      return turn;
    });
    expect(turns).toEqual([0, 1, 2, 0, 1]);
  });

  it('keeps the turn until it is passed (a poll cut before listing the group asks it again)', () => {
    const memory = new EksUpdateMemory();
    memory.passTurn('w', 2);
    expect([memory.turnInRotation('w', 2), memory.turnInRotation('w', 2)]).toEqual([1, 1]);
  });
});
