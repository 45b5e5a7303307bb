// Where the Google and Azure clients send their token request: the cloud's own token endpoint
// only when the API base URL is the cloud's; otherwise the base URL's own origin, so a signed
// assertion or client secret never goes to a host the endpoint rule did not approve.
import { tokenEndpointFor } from '../../../../src/providers/cloud-common/token-endpoint.js';

const GOOGLE = 'https://oauth2.googleapis.com/token';
const ENTRA = 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token';

describe('tokenEndpointFor', () => {
  it.each([
    ['the default GKE host', 'https://container.googleapis.com', 'googleapis.com', GOOGLE, GOOGLE],
    [
      'a regional Google endpoint',
      'https://container.us-central1.rep.googleapis.com',
      'googleapis.com',
      GOOGLE,
      GOOGLE,
    ],
    [
      'the simulator: same origin, Google token path',
      'http://127.0.0.1:40513',
      'googleapis.com',
      GOOGLE,
      'http://127.0.0.1:40513/token',
    ],
    [
      'a look-alike host is not Google (whole labels only)',
      'https://googleapis.com.evil.test',
      'googleapis.com',
      GOOGLE,
      'https://googleapis.com.evil.test/token',
    ],
    [
      'a prefix-glued host is not Google',
      'https://evilgoogleapis.com',
      'googleapis.com',
      GOOGLE,
      'https://evilgoogleapis.com/token',
    ],
    ['ARM', 'https://management.azure.com', 'management.azure.com', ENTRA, ENTRA],
    [
      'the simulator for Azure: same origin, the tenant path kept',
      'http://sim.test:8080',
      'management.azure.com',
      ENTRA,
      'http://sim.test:8080/contoso.onmicrosoft.com/oauth2/v2.0/token',
    ],
  ])('%s', (_why, base, domain, official, expected) => {
    expect(tokenEndpointFor(base, domain, official)).toBe(expected);
  });
});
