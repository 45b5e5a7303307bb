// Each simulated cloud answers with request ids in its own format (the operator quotes them in
// condition messages, so a test can tell which cloud answered).
import { requestIdFor } from '../../../src/simulator/world.js';
import { CLOUDS, type Cloud } from '../../../src/providers/names.js';

const SHAPES: Record<Cloud, RegExp> = {
  // x-acs-request-id: an upper-case UUID
  alibaba: /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/,
  // X-Request-Id: 32 lower-case hex digits
  huawei: /^[0-9a-f]{32}$/,
  // x-amzn-RequestId: a dashed lower-case UUID
  aws: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  // Google sends none; the module does not ask for one (any UUID shape would do)
  google: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  // x-ms-request-id: a lower-case UUID
  azure: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
};

describe('requestIdFor', () => {
  it.each(CLOUDS.map((cloud) => [cloud] as const))('%s ids have the cloud’s shape and differ', (cloud) => {
    const [a, b] = [requestIdFor(cloud), requestIdFor(cloud)];
    expect(a).toMatch(SHAPES[cloud]);
    expect(b).toMatch(SHAPES[cloud]);
    expect(a).not.toBe(b);
  });
});
