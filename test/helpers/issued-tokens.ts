// The access tokens a simulated bearer cloud (Google, Azure) issues, written down for a secret
// scan: the module's token replies pass through unchanged, and each `access_token` they carry is
// handed to `onToken`.
import type { SimCloud } from '../../src/simulator/index.js';

/** `cloud` with its token exchange wrapped so every issued access token reaches `onToken`. */
export function recordingTokens<C extends SimCloud>(cloud: C, onToken: (token: string) => void): C {
  const exchange = cloud.exchange?.bind(cloud);
  if (!exchange) return cloud;
  return {
    ...cloud,
    exchange: (request, route, context) =>
      exchange(request, route, context)?.then((answer) => {
        const token = /"access_token":"([^"]+)"/.exec(answer.body)?.[1];
        if (token) onToken(token);
        return answer;
      }),
  };
}
