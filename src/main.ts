#!/usr/bin/env node
// upgradewatch: the operator's entry point. Flags → config → startOperator; SIGTERM/SIGINT
// → ordered shutdown and exit 0 (docs/reference.md#shutdown); bad flags → a clear message and exit 2.

import { ConfigError, helpText, parseConfig } from './config.js';
import { startOperator } from './operator.js';
import { createLogger, installShutdownHandlers, isLogLevel, SHUTDOWN_TIMEOUT_MS } from './runtime/index.js';

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`upgradewatch: ${error.message}\n\n${helpText()}\n`);
      process.exit(2);
    }
    throw error;
  }
  if (parsed.help) {
    process.stdout.write(`${helpText()}\n`);
    return;
  }
  const { config } = parsed;
  const logger = createLogger({ level: isLogLevel(config.logLevel) ? config.logLevel : 'info' });
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

  let operator: Awaited<ReturnType<typeof startOperator>> | undefined;
  const shutdown = installShutdownHandlers({
    logger,
    steps: [{ name: 'operator', run: () => operator?.stop(), timeoutMs: SHUTDOWN_TIMEOUT_MS }],
  });
  try {
    operator = await startOperator(config, logger, (reason) => {
      logger.error({ reason }, 'fatal: exiting');
      shutdown.dispose();
      setTimeout(() => process.exit(1), 100).unref();
    });
  } catch (error) {
    logger.fatal({ err: error }, 'failed to start');
    process.exit(1);
  }
}

void main();
