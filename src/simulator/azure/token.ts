// The simulated Microsoft Entra v2.0 token endpoint (docs/simulator.md#azure-aks):
// client-credentials grant checked as Entra does. The scenario declares an app as a credential
// whose accessKeyId is the client id, accessKeySecret the client secret, and projectIds the
// tenant ids it is registered in (none = any tenant). A client assertion (keyless, workload
// identity federation) is checked by ./federation.ts instead.

import { timingSafeEqual } from 'node:crypto';
import { ARM_SCOPE } from '../../providers/azure-aks/auth.js';
import { formFields, type TokenBook } from '../oauth/bearer-tokens.js';
import { jsonReply } from '../oauth/json-reply.js';
import type { SimContext, SimReply, SimRequest } from '../types.js';
import { entraAssertionToken } from './federation.js';
import { entra } from './replies.js';
import type { AzureRoute } from './routes.js';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function entraToken(
  request: SimRequest,
  route: AzureRoute,
  context: SimContext,
  book: TokenBook,
): SimReply | Promise<SimReply> {
  const form = formFields(request.body);
  if (form.grant_type === 'client_credentials' && form.client_assertion !== undefined) {
    return entraAssertionToken(form, route.projectID ?? '', context, book);
  }
  const requestId = context.requestId();
  if (form.grant_type !== 'client_credentials') return entra('badGrant', requestId);
  const app = context.credential(form.client_id ?? '');
  const tenants = app?.projectIds;
  if (!app || (tenants && tenants.length > 0 && !tenants.includes(route.projectID ?? ''))) {
    return entra('unknownApp', requestId);
  }
  if (!sameSecret(form.client_secret ?? '', app.accessKeySecret)) return entra('badSecret', requestId);
  if (form.scope !== ARM_SCOPE) return entra('badScope', requestId);
  const issued = book.issue(app.accessKeyId, context.now());
  return jsonReply(200, {
    token_type: 'Bearer',
    expires_in: issued.expiresIn,
    ext_expires_in: issued.expiresIn,
    access_token: issued.accessToken,
  });
}
