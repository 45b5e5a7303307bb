import { cloudTime } from '../../../src/providers/common/time.js';

describe('cloudTime', () => {
  const cases: Array<[why: string, input: unknown, expected: string | undefined]> = [
    ['RFC 3339 with Z, the canonical output form', '2023-01-05T02:23:39Z', '2023-01-05T02:23:39Z'],
    ['RFC 3339 with fraction is truncated to seconds', '2023-01-05T02:23:39.987Z', '2023-01-05T02:23:39Z'],
    ['RFC 3339 with positive offset converts to UTC', '2023-01-05T10:23:39+08:00', '2023-01-05T02:23:39Z'],
    ['RFC 3339 with negative offset crosses midnight', '2023-01-04T21:23:39-05:00', '2023-01-05T02:23:39Z'],
    ['lower-case z is still UTC', '2023-01-05t02:23:39z', '2023-01-05T02:23:39Z'],
    ['zone-less with space is read as UTC (ACK)', '2023-01-05 02:23:39', '2023-01-05T02:23:39Z'],
    ['zone-less with T is read as UTC (CCE)', '2023-01-05T02:23:39', '2023-01-05T02:23:39Z'],
    [
      'Go style with abbreviation: offset wins over CST',
      '2022-12-16 13:40:20.75671 +0800 CST',
      '2022-12-16T05:40:20Z',
    ],
    ['Go style without abbreviation', '2022-12-16 13:40:20 +0000', '2022-12-16T13:40:20Z'],
    [
      'Go style with a numeric abbreviation (a zone Go has no name for)',
      '2024-05-01 16:39:15 +0800 +08',
      '2024-05-01T08:39:15Z',
    ],
    [
      'Go style numeric abbreviation, negative offset',
      '2024-05-01 16:39:15 -0300 -03',
      '2024-05-01T19:39:15Z',
    ],
    [
      'Go style four-digit numeric abbreviation (India)',
      '2024-05-01 16:39:15.25 +0530 +0530',
      '2024-05-01T11:09:15Z',
    ],
    ['Go style with a malformed numeric abbreviation is refused', '2024-05-01 16:39:15 +0800 +8', undefined],
    ['Feb 31 is refused at UTC', '2023-02-31T10:00:00Z', undefined],
    ['Feb 31 is refused with a positive offset', '2023-02-31T10:00:00+08:00', undefined],
    ['Feb 31 is refused with a negative offset', '2023-02-31T10:00:00-05:00', undefined],
    ['Feb 31 is refused in Go style', '2023-02-31 10:00:00 +0800 CST', undefined],
    ['Feb 29 of a non-leap year is refused with an offset', '2023-02-29 01:00:00 +0800 +08', undefined],
    ['Feb 29 of a leap year is a date', '2024-02-29T01:00:00+08:00', '2024-02-28T17:00:00Z'],
    [
      'day 31 that an offset moves into the next month is still valid',
      '2024-01-31T23:30:00-05:00',
      '2024-02-01T04:30:00Z',
    ],
    ['epoch milliseconds string (CSS)', '1672885419000', '2023-01-05T02:23:39Z'],
    ['epoch milliseconds number', 1672885419000, '2023-01-05T02:23:39Z'],
    ['empty string means unset', '', undefined],
    ['whitespace means unset', '   ', undefined],
    ['Go zero time means unset', '0001-01-01T00:00:00Z', undefined],
    ['Go zero time, Go style, means unset', '0001-01-01 00:00:00 +0000 UTC', undefined],
    ['garbage is unset, not a crash', 'yesterday', undefined],
    ['month 13 is rejected', '2023-13-05T02:23:39Z', undefined],
    ['null is unset', null, undefined],
    ['object is unset', { t: 1 }, undefined],
    ['negative number is unset', -5, undefined],
  ];
  it.each(cases)('%s', (_why, input, expected) => {
    expect(cloudTime(input)).toBe(expected);
  });
});
