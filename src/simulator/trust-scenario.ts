// The scenario's `workloadIdentity` section: which OIDC providers the simulated clouds trust
// (issuer, audiences, where their signing keys are), which Alibaba RAM roles, Huawei IdP
// mappings, Entra federated credentials and Google pool providers accept which ServiceAccount
// `sub`, and how long issued temporary keys live.
//
//   workloadIdentity:
//     credentialLifetime: 1h          # optional; default: the DurationSeconds the client asked for
//     oidcProviders:
//       - id: acs:ram::1234567890123456:oidc-provider/ack-rrsa-c1   # Alibaba: the provider ARN
//         issuer: https://kubernetes.default.svc.cluster.local       # Huawei: the IdP id
//         audiences: [sts.aliyuncs.com]
//         jwksUrl: https://127.0.0.1:6443/openid/v1/jwks             # or jwks: {keys: […]} / jwksFile
//         caFile: /path/ca.crt           # optional, for an HTTPS jwksUrl
//         bearerTokenFile: /path/token   # optional, sent as Authorization: Bearer
//     roles:                            # Alibaba RAM roles (the trust policy's oidc:sub; `*` = any run)
//       - arn: acs:ram::1234567890123456:role/reader
//         oidcProviderArn: acs:ram::1234567890123456:oidc-provider/ack-rrsa-c1
//         subjects: [system:serviceaccount:team-a:reader]
//     idpMappings:                      # Huawei IdP mapping rules (remote `sub` any_one_of)
//       - idpId: upgradewatch-idp
//         subjects: [system:serviceaccount:team-a:reader]
//         projectIds: [6204a5bd270343b5885144cf9c8c158d]   # optional: what the keys may use
//     federatedCredentials:             # Entra apps' federated identity credentials
//       - clientId: 11111111-2222-3333-4444-555555555555   # the app (client) id
//         tenantId: 72f988bf-86f1-41af-91ab-2d7cd011db47   # optional: the app's tenant
//         oidcProvider: https://kubernetes.default.svc.cluster.local   # an oidcProviders id
//         subjects: [system:serviceaccount:team-a:reader]
//     poolProviders:                    # Google workload identity pool providers
//       - name: //iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/p/providers/k
//         oidcProvider: https://kubernetes.default.svc.cluster.local   # its issuer, allowed audiences, keys
//         subjects: [system:serviceaccount:team-a:reader]

import { z } from 'zod';
import { DURATION_HINT, parseDuration } from '../api/duration.js';

const nonEmpty = z.string().min(1);

const oidcProviderSchema = z
  .strictObject({
    id: nonEmpty,
    issuer: nonEmpty,
    audiences: z.array(nonEmpty).min(1),
    jwks: z.looseObject({ keys: z.array(z.record(z.string(), z.unknown())) }).optional(),
    jwksFile: nonEmpty.optional(),
    jwksUrl: z.url({ protocol: /^https?$/ }).optional(),
    caFile: nonEmpty.optional(),
    bearerTokenFile: nonEmpty.optional(),
  })
  .refine(
    (provider) =>
      [provider.jwks, provider.jwksFile, provider.jwksUrl].filter((source) => source !== undefined).length ===
      1,
    { message: 'give exactly one of jwks, jwksFile or jwksUrl' },
  );

export type OidcProviderConfig = z.output<typeof oidcProviderSchema>;

const roleSchema = z.strictObject({
  arn: nonEmpty,
  oidcProviderArn: nonEmpty,
  subjects: z.array(nonEmpty),
});

const idpMappingSchema = z.strictObject({
  idpId: nonEmpty,
  subjects: z.array(nonEmpty),
  projectIds: z.array(nonEmpty).optional(),
});

const federatedCredentialSchema = z.strictObject({
  clientId: nonEmpty,
  tenantId: nonEmpty.optional(),
  oidcProvider: nonEmpty,
  subjects: z.array(nonEmpty),
});

const poolProviderSchema = z.strictObject({
  name: z
    .string()
    .regex(
      /^\/\/iam\.googleapis\.com\/projects\/\d+\/locations\/global\/workloadIdentityPools\/[^/]+\/providers\/[^/]+$/,
      'expected //iam.googleapis.com/projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>',
    ),
  oidcProvider: nonEmpty,
  subjects: z.array(nonEmpty),
});

export type FederatedCredentialConfig = z.output<typeof federatedCredentialSchema>;
export type PoolProviderConfig = z.output<typeof poolProviderSchema>;
export type RoleConfig = z.output<typeof roleSchema>;
export type IdpMappingConfig = z.output<typeof idpMappingSchema>;

const lifetimeSchema = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === undefined || ms < 1000) {
    ctx.addIssue({ code: 'custom', message: `expected ${DURATION_HINT} of at least 1s, got "${text}"` });
    return z.NEVER;
  }
  return ms;
});

export const trustSchema = z
  .strictObject({
    credentialLifetime: lifetimeSchema.optional(),
    oidcProviders: z.array(oidcProviderSchema).default([]),
    roles: z.array(roleSchema).default([]),
    idpMappings: z.array(idpMappingSchema).default([]),
    federatedCredentials: z.array(federatedCredentialSchema).default([]),
    poolProviders: z.array(poolProviderSchema).default([]),
  })
  .superRefine((trust, ctx) => {
    const providers = new Set(trust.oidcProviders.map((provider) => provider.id));
    if (providers.size !== trust.oidcProviders.length)
      ctx.addIssue({ code: 'custom', message: 'duplicate oidcProviders id', path: ['oidcProviders'] });
    const declared = (id: string, path: (string | number)[]) => {
      if (!providers.has(id))
        ctx.addIssue({ code: 'custom', message: `no oidcProviders entry with id "${id}"`, path });
    };
    trust.roles.forEach((role, index) => declared(role.oidcProviderArn, ['roles', index, 'oidcProviderArn']));
    trust.idpMappings.forEach((mapping, index) => declared(mapping.idpId, ['idpMappings', index, 'idpId']));
    trust.federatedCredentials.forEach((credential, index) =>
      declared(credential.oidcProvider, ['federatedCredentials', index, 'oidcProvider']),
    );
    trust.poolProviders.forEach((provider, index) =>
      declared(provider.oidcProvider, ['poolProviders', index, 'oidcProvider']),
    );
  });

export interface TrustConfig {
  /** Lifetime of issued temporary keys; undefined = what the client asked for. */
  credentialLifetimeMs?: number;
  oidcProviders: OidcProviderConfig[];
  roles: RoleConfig[];
  idpMappings: IdpMappingConfig[];
  federatedCredentials: FederatedCredentialConfig[];
  poolProviders: PoolProviderConfig[];
}

export type TrustInput = z.input<typeof trustSchema>;

export const EMPTY_TRUST: TrustConfig = {
  oidcProviders: [],
  roles: [],
  idpMappings: [],
  federatedCredentials: [],
  poolProviders: [],
};

export function toTrustConfig(parsed: z.output<typeof trustSchema> | undefined): TrustConfig {
  if (!parsed) return EMPTY_TRUST;
  const { credentialLifetime, ...rest } = parsed;
  return {
    ...rest,
    ...(credentialLifetime !== undefined ? { credentialLifetimeMs: credentialLifetime } : {}),
  };
}
