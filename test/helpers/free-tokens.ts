// A cloud token reserver that always has a token: for tests that are not about rate limits.
import type { TokenReserverPort } from '../../src/controller/ports.js';

/** `onToken` hears the bucket key of every token taken (reserved or taken at once). */
export function freeTokens(onToken?: (key: string) => void): TokenReserverPort {
  return {
    reserve: (key, count = 1) => {
      for (let i = 0; i < count; i++) onToken?.(key);
      return 0;
    },
    tryTake: (key) => {
      onToken?.(key);
      return true;
    },
    giveBack: () => undefined,
  };
}
