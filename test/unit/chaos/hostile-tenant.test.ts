// The chaos fleet's hostile tenant is built as the multi-tenancy attacks need it: labels
// Kubernetes accepts (so the watches exist at all), the victim's AccessKeyId with another secret,
// and the JSON fragments and namespace names in its Secrets.
import { describe, expect, it } from '@jest/globals';
import { buildFleet } from '../../chaos/fleet.js';
import { buildHostileTenant, VICTIM_SECRET } from '../../chaos/hostile-tenant.js';
import { SHORT } from '../../chaos/profile.js';

const namespaces = {
  alibaba: 'chaos-short-abc',
  huawei: 'chaos-short-abc-hw',
  hostile: 'chaos-short-abc-hostile',
};
const fleet = buildFleet(SHORT);
const hostile = buildHostileTenant(fleet, namespaces);
/** Kubernetes' rules for a label key (optional DNS-subdomain prefix ≤ 253, name ≤ 63) and value (≤ 63). */
const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

describe('the hostile tenant of the chaos fleet', () => {
  it('carries labels Kubernetes accepts, ~100 KiB per watch, and an annotation under the 256 KiB limit', () => {
    for (const watch of hostile.watches) {
      for (const [key, value] of Object.entries(watch.labels)) {
        const [prefix, name] = key.split('/') as [string, string];
        expect(prefix.length).toBeLessThanOrEqual(253);
        expect(name).toMatch(NAME);
        expect(value).toMatch(NAME);
      }
      expect(JSON.stringify(watch.labels).length).toBeGreaterThan(90 * 1024);
      expect(JSON.stringify(watch.annotations).length).toBeLessThan(256 * 1024);
    }
  });

  it("copies the victim's AccessKeyId with a secret of its own", () => {
    const victim = fleet.credentials.find((c) => c.secretName === VICTIM_SECRET)!;
    const borrowed = hostile.secrets.find((s) => s.name === 'borrowed-key')!;
    expect(borrowed.credential.accessKeyId).toBe(victim.accepted.accessKeyId);
    expect(borrowed.credential.accessKeySecret).not.toBe(victim.accepted.accessKeySecret);
    expect(hostile.secretValues).toEqual([borrowed.credential.accessKeySecret]);
  });

  it('holds JSON fragments and the other tenants’ namespace names in its Secrets', () => {
    const values = hostile.secrets.flatMap((s) => [s.credential.accessKeySecret, s.credential.securityToken]);
    expect(values).toEqual(expect.arrayContaining(['"level":"', namespaces.alibaba, namespaces.huawei]));
    for (const watch of hostile.watches) expect(watch.spec.credentialsRef?.name).toBe(watch.secretName);
  });
});
