// google-auth-library (the official client) as the oracle: its JWT client run with a capturing
// transporter and the clock fixed at `at`, returning the token request it would send.
import { jest } from '@jest/globals';
import { JWT } from 'google-auth-library';
import { CLOUD_PLATFORM_SCOPE } from '../../../../src/providers/google-gke/auth.js';

export interface CapturedTokenRequest {
  url?: string;
  method?: string;
  data?: URLSearchParams;
}

export async function googleAuthLibraryTokenRequest(
  email: string,
  privateKeyPem: string,
  at: Date,
): Promise<CapturedTokenRequest> {
  const captured: CapturedTokenRequest = {};
  jest.useFakeTimers({ now: at, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  try {
    const client = new JWT({ email, key: privateKeyPem, scopes: [CLOUD_PLATFORM_SCOPE] });
    (client as unknown as { transporter: unknown }).transporter = {
      request: async (options: CapturedTokenRequest) => {
        Object.assign(captured, options);
        return { data: { access_token: 'ya29.x', expires_in: 3599, token_type: 'Bearer' }, headers: {} };
      },
    };
    await client.authorize();
  } finally {
    jest.useRealTimers();
  }
  return captured;
}
