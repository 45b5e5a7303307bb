import { tailFile } from './process.js';

/** A control-plane component failed; the message names its log file and tail. */
export class ControlPlaneError extends Error {
  constructor(
    message: string,
    readonly logPath: string,
  ) {
    super(`${message}\n  log: ${logPath}\n--- last lines ---\n${tailFile(logPath)}`);
    this.name = 'ControlPlaneError';
  }
}

export const isAddressInUse = (logPath: string): boolean =>
  /address already in use/i.test(tailFile(logPath, 200));
