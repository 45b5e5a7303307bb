// The logger the simulator writes to: pino's call shape, so a pino logger plugs straight in.
// Request logs carry method, path and outcome only — never headers (signatures, tokens).

export interface SimLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

const nothing = () => undefined;

export const silentLogger: SimLogger = { debug: nothing, info: nothing, warn: nothing, error: nothing };
