// The simulated Entra token endpoint's client-assertion grant (docs/simulator.md, "Keyless
// exchanges"; docs/keyless.md): a ServiceAccount token in `client_assertion` instead of a client
// secret. The app's federated identity credentials are the scenario's `federatedCredentials`
// (../trust-scenario.ts); the token is checked with ../trust.ts against the OIDC provider each
// names (RS256 signature against its JWKS, issuer, audience — `api://AzureADTokenExchange` by
// default —, exp/nbf on the simulator clock), then its `sub` against the credential's subjects.
// A token issued into the module's book answers, so the ARM routes accept it.

import { ARM_SCOPE, JWT_BEARER_ASSERTION_TYPE } from '../../providers/azure-aks/auth.js';
import type { TokenBook } from '../oauth/bearer-tokens.js';
import { jsonReply } from '../oauth/json-reply.js';
import type { SimContext, SimReply } from '../types.js';
import { subjectAllowed, type TokenCheck } from '../trust.js';
import { entra, type ENTRA } from './replies.js';

/** Which refusal a failed check draws: the first that is not a plain "not this record". */
function refusalOf(checks: Extract<TokenCheck, { ok: false }>[]): keyof typeof ENTRA {
  const reasons = new Set(checks.map((check) => check.reason));
  if (reasons.has('keys-unavailable')) return 'issuerUnreachable';
  if (reasons.has('expired') || reasons.has('not-yet-valid')) return 'clockSkew';
  if (reasons.has('invalid')) return 'badAssertionSignature';
  return 'noFederatedMatch';
}

export async function entraAssertionToken(
  form: Record<string, string>,
  tenant: string,
  context: SimContext,
  book: TokenBook,
): Promise<SimReply> {
  const requestId = context.requestId();
  if (form.client_assertion_type !== JWT_BEARER_ASSERTION_TYPE) return entra('badAssertionType', requestId);
  const clientId = form.client_id ?? '';
  const records = context.trust
    .federatedCredentials(clientId)
    .filter((record) => record.tenantId === undefined || record.tenantId === tenant);
  if (records.length === 0) return entra('unknownApp', requestId);
  if (form.scope !== ARM_SCOPE) return entra('badScope', requestId);
  const failed: Extract<TokenCheck, { ok: false }>[] = [];
  for (const record of records) {
    const check = await context.trust.verify(form.client_assertion ?? '', record.oidcProvider);
    if (!check.ok) failed.push(check);
    else if (subjectAllowed(record.subjects, check.subject)) {
      const issued = book.issue(clientId, context.now());
      context.trust.issued(issued.accessToken);
      return jsonReply(200, {
        token_type: 'Bearer',
        expires_in: issued.expiresIn,
        ext_expires_in: issued.expiresIn,
        access_token: issued.accessToken,
      });
    }
  }
  return entra(refusalOf(failed), requestId);
}
