import { CLOUDS } from '../../../src/providers/names.js';
import { isSimCloud, loadCloudModules } from '../../../src/simulator/clouds.js';
import { fakeCloud } from './core-fixtures.js';

describe('cloud modules', () => {
  it('the default modules load and are SimClouds for every cloud, in CLOUDS order', async () => {
    const clouds = await loadCloudModules();
    expect(clouds.map((cloud) => cloud.name)).toEqual([...CLOUDS]);
  });

  it('a missing module is a clear error naming it', async () => {
    await expect(loadCloudModules([{ specifier: './nowhere/index.js', exportName: 'x' }])).rejects.toThrow(
      /simulator cloud module \.\/nowhere\/index\.js could not be loaded/,
    );
  });

  it('a module without the named SimCloud export is refused', async () => {
    await expect(loadCloudModules([{ specifier: './alibaba/index.js', exportName: 'nope' }])).rejects.toThrow(
      /does not export a SimCloud named nope/,
    );
  });

  it.each([
    ['the fake cloud', fakeCloud, true],
    ['null', null, false],
    ['a name that is no cloud of CLOUDS', { ...fakeCloud, name: 'no-such-cloud' }, false],
    ['a missing method', { ...fakeCloud, faultReply: undefined }, false],
  ])('isSimCloud(%s)', (_why, value, expected) => {
    expect(isSimCloud(value)).toBe(expected);
  });
});
