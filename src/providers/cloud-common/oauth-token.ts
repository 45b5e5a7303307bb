// The OAuth2 token response both Google's and Microsoft Entra's token endpoints send
// (RFC 6749 §5.1: `access_token`, `token_type`, `expires_in` seconds), read with an injected
// clock into a bearer token and the moment it expires (docs/providers-next.md#authentication).
// ./token-cache.ts keeps the token until shortly before `expiresAt`; ./bearer-get.ts fetches it.

import { z } from 'zod';
import { parseJsonBody } from '../common/classify.js';
import type { CloudError } from '../common/errors.js';

/** RFC 6750 §2.1 `b64token`: all a `Bearer` credential may hold, so the header carries it unaltered. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
/** Google's access tokens are at most 2 KiB, Entra's JWTs a few KiB: far more is no token. */
export const MAX_ACCESS_TOKEN_LENGTH = 16 * 1024;

export const tokenResponseSchema = z.looseObject({
  // Checked, not trusted: a token with CR/LF, NUL or escapes would be altered or refused on the
  // way out, an oversized one refused by the API host: either way no usable token, so the token
  // endpoint's reply is what is wrong (InvalidResponse), not the API call.
  access_token: z
    .string()
    .min(1)
    .max(MAX_ACCESS_TOKEN_LENGTH)
    .regex(B64TOKEN, 'access_token must be an RFC 6750 b64token'),
  token_type: z.string().refine((type) => type.toLowerCase() === 'bearer', 'token_type must be Bearer'),
  // Entra and Google send a number; some proxies re-encode it as a string.
  expires_in: z
    .union([z.number(), z.string().regex(/^\d+$/).transform(Number)])
    .pipe(z.number().int().positive()),
});

export interface BearerToken {
  accessToken: string;
  expiresAt: Date;
}

/** A 2xx token reply → the token, or InvalidResponse (never echoing the body: it may hold the token). */
export function readTokenResponse(
  body: string,
  now: Date,
): { ok: true; token: BearerToken } | { ok: false; error: CloudError } {
  const parsed = parseJsonBody(body);
  const result = parsed.ok ? tokenResponseSchema.safeParse(parsed.value) : undefined;
  if (!result?.success) {
    const why = !parsed.ok
      ? 'not JSON'
      : (result?.error.issues.map((i) => i.path.join('.') || i.message).join(', ') ?? '');
    return { ok: false, error: { class: 'InvalidResponse', message: `token response rejected: ${why}` } };
  }
  return { ok: true, token: bearerTokenOf(result.data, now) };
}

/** The token of a schema-checked reply received at `now`. */
export function bearerTokenOf(reply: z.infer<typeof tokenResponseSchema>, now: Date): BearerToken {
  return { accessToken: reply.access_token, expiresAt: new Date(now.getTime() + reply.expires_in * 1000) };
}
