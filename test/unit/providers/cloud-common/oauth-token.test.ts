import {
  MAX_ACCESS_TOKEN_LENGTH,
  readTokenResponse,
} from '../../../../src/providers/cloud-common/oauth-token.js';

const now = new Date('2024-12-06T10:00:00Z');

describe('OAuth2 token responses (Google and Entra)', () => {
  it.each([
    [
      "Google's token endpoint (server-to-server guide)",
      { access_token: 'ya29.c.Kp8B', expires_in: 3599, token_type: 'Bearer' },
      '2024-12-06T10:59:59.000Z',
    ],
    [
      "Entra's v2.0 client-credentials reply",
      { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: 'eyJ0eXAiOiJKV1Qi' },
      '2024-12-06T10:59:59.000Z',
    ],
    [
      'expires_in as a digit string',
      { access_token: 'a', expires_in: '60', token_type: 'bearer' },
      '2024-12-06T10:01:00.000Z',
    ],
  ])('%s', (_why, body, expiresAt) => {
    const result = readTokenResponse(JSON.stringify(body), now);
    expect(result.ok && result.token.expiresAt.toISOString()).toBe(expiresAt);
    expect(result.ok && result.token.accessToken).toBe(body.access_token);
  });

  it.each([
    ['not JSON', 'ok', 'not JSON'],
    ['no access_token', '{"token_type":"Bearer","expires_in":3599}', 'access_token'],
    ['a non-bearer token type', '{"access_token":"a","token_type":"mac","expires_in":3599}', 'token_type'],
    ['a zero lifetime', '{"access_token":"a","token_type":"Bearer","expires_in":0}', 'expires_in'],
    // The token goes into every API request's Authorization header: it must fit there unaltered
    // (RFC 6750 §2.1 b64token), or it is no token (axios would silently strip these characters).
    [
      'a token with CR/LF',
      '{"access_token":"a\\r\\nX-Forged: 1","token_type":"Bearer","expires_in":3599}',
      'access_token',
    ],
    [
      'a token with NUL and ESC',
      '{"access_token":"a\\u0000\\u001b[2J","token_type":"Bearer","expires_in":3599}',
      'access_token',
    ],
    [
      'a token with a space',
      '{"access_token":"a b","token_type":"Bearer","expires_in":3599}',
      'access_token',
    ],
    [
      'a token longer than any real one',
      JSON.stringify({
        access_token: 'a'.repeat(MAX_ACCESS_TOKEN_LENGTH + 1),
        token_type: 'Bearer',
        expires_in: 3599,
      }),
      'access_token',
    ],
  ])('%s is InvalidResponse, and the message never carries the body', (_why, body, mentions) => {
    const result = readTokenResponse(body, now);
    expect(result.ok).toBe(false);
    const message = result.ok ? '' : result.error.message;
    expect(result.ok ? undefined : result.error.class).toBe('InvalidResponse');
    expect(message).toContain(mentions);
    expect(message).not.toContain('"a"');
  });
});
