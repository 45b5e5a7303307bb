// The chaos fleet spreads over every provider and cloud of the registry: each cloud has Secrets in
// its own credential scheme (access keys; a service-account JSON key; an Entra app), one
// deliberately wrong Secret for its auth-failure watch, and every secret value it holds joins the
// secret scan (the private key as PEM and inside its JSON key, the client secret).
import { describe, expect, it } from '@jest/globals';
import { families } from '../../../src/providers/registry.js';
import { CLOUDS, PROVIDERS } from '../../../src/providers/names.js';
import { AUTH_FAILURE_WATCHES, buildFleet } from '../../chaos/fleet.js';
import { SHORT } from '../../chaos/profile.js';

const fleet = buildFleet(SHORT);
const secretOf = (name: string) => fleet.credentials.find((c) => c.secretName === name)!;

describe('chaos fleet: every provider and cloud', () => {
  it('has scripted watches of every provider and one auth-failure watch per cloud', () => {
    expect(new Set(fleet.watches.filter((w) => w.script).map((w) => w.provider))).toEqual(new Set(PROVIDERS));
    const authFailures = fleet.watches.filter((w) => !w.script);
    expect(authFailures.map((w) => w.cloud).sort()).toEqual([...CLOUDS].sort());
    expect(authFailures).toHaveLength(AUTH_FAILURE_WATCHES);
    for (const watch of authFailures) expect(secretOf(watch.secretName!).wrong).toBe(true);
  });

  it.each(CLOUDS.map((cloud) => [cloud] as const))(
    '%s: good and wrong Secrets, each read by its providers’ credential scheme',
    (cloud) => {
      const own = fleet.credentials.filter((c) => c.cloud === cloud);
      expect(own.filter((c) => c.wrong)).toHaveLength(1);
      expect(own.filter((c) => !c.wrong).length).toBeGreaterThan(0);
      const watches = fleet.watches.filter((w) => w.cloud === cloud && w.secretName);
      // fromSecret throws on missing keys: each Secret has what its watches' family reads.
      for (const watch of watches) {
        const scheme = families[watch.provider].credentials;
        const data = secretOf(watch.secretName!).given.secret;
        for (const key of scheme.requiredKeys) expect(data[key]).toBeTruthy();
      }
    },
  );

  it('the wrong Google key is another RSA key of a known account; the wrong Azure secret another secret', () => {
    const google = secretOf('google-wrong-key');
    const key = JSON.parse(google.given.secret.serviceAccountKey!) as { client_email: string };
    expect(key.client_email).toBe(google.accepted.accessKeyId);
    expect(google.given.sim.accessKeySecret).not.toBe(google.accepted.accessKeySecret);
    const azure = secretOf('azure-wrong-secret');
    expect(azure.given.secret.clientID).toBe(azure.accepted.accessKeyId);
    expect(azure.given.secret.clientSecret).not.toBe(azure.accepted.accessKeySecret);
  });

  it('scans for every private key (PEM and JSON key) and every client secret, and no public value', () => {
    const data = fleet.credentials.map((c) => c.given.secret);
    const keys = data.flatMap((d) =>
      d.serviceAccountKey
        ? [JSON.parse(d.serviceAccountKey) as { private_key: string; client_email: string }]
        : [],
    );
    const wanted = [
      ...keys.map((k) => k.private_key),
      ...data.flatMap((d) => [d.serviceAccountKey, d.clientSecret, d.accessKeySecret]),
      ...fleet.credentials.filter((c) => c.cloud === 'azure').map((c) => c.accepted.accessKeySecret),
    ].filter((v): v is string => v !== undefined);
    // 3 service accounts (PEM + JSON each), 3 apps (given + accepted secret, the wrong one differs).
    expect(keys).toHaveLength(3);
    expect(wanted.filter((v) => !fleet.secretValues.includes(v))).toEqual([]);
    const publicValues = [
      ...keys.map((k) => k.client_email),
      ...fleet.credentials.filter((c) => c.cloud === 'google').map((c) => c.accepted.accessKeySecret),
      ...data.flatMap((d) => (d.clientID ? [d.clientID] : [])),
    ];
    expect(publicValues.filter((v) => fleet.secretValues.includes(v))).toEqual([]);
  });
});
