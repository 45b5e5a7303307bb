// givenTokenOf (src/providers/cloud-common/bearer-get.ts): a keyless GKE/AKS watch's token and the
// key its per-watch memory lives under. The key must follow the identity, never the token, or a
// refresh would make the AKS client forget the upgrade it was following.
import { givenTokenOf } from '../../../../src/providers/cloud-common/bearer-get.js';
import type { WorkloadIdentity } from '../../../../src/api/types.js';

const AKS_IDENTITY: WorkloadIdentity = { serviceAccountName: 'reader', tenantID: 't-1', clientID: 'c-1' };
const key = (accessToken: string, workloadIdentity: WorkloadIdentity) =>
  givenTokenOf({ accessToken }, { workloadIdentity })?.fingerprint;

it('a Secret credential is no given token', () => {
  expect(givenTokenOf({ tenantID: 't-1', clientID: 'c-1', clientSecret: 's' }, {})).toBeUndefined();
});

it('gives the token as is', () => {
  expect(givenTokenOf({ accessToken: 'tok-1' }, { workloadIdentity: AKS_IDENTITY })?.accessToken).toBe(
    'tok-1',
  );
});

const ROWS: Array<[why: string, other: WorkloadIdentity, same: boolean]> = [
  ['the same identity after a refresh keeps its key', AKS_IDENTITY, true],
  ['another ServiceAccount is another identity', { ...AKS_IDENTITY, serviceAccountName: 'other' }, false],
  ['another app is another identity', { ...AKS_IDENTITY, clientID: 'c-2' }, false],
  [
    'a GKE pool provider is not mistaken for the same fields in another place',
    { serviceAccountName: 'reader', poolProvider: 't-1' },
    false,
  ],
  ['an explicit audience is part of the identity', { ...AKS_IDENTITY, audience: 'api://other' }, false],
];

it.each(ROWS)('%s', (_why, other, same) => {
  const before = key('tok-1', AKS_IDENTITY);
  const after = key('tok-2', other);
  expect(after === before).toBe(same);
  expect(before).not.toContain('tok-1');
});
