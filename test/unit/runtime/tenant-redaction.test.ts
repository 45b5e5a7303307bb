// Multi-tenant hardening, attack 3 (docs/reliability.md#8-multi-tenancy): every tenant controls
// the values in its own Secrets, and those values join the log redactor. A tenant must not be
// able to turn that against the log: break its JSON with a fragment such as `"level":"`, erase
// another namespace's name from every line, or push other tenants' real secrets out of the
// registry by registering many values.
import { Writable } from 'node:stream';
import { createLogger, REDACTED, SecretRegistry } from '../../../src/runtime/logger.js';

/** What the operator registers for one credential read: (value, the Secret's namespace). */
type Register = (value: string, tenant: string) => void;

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  const secrets = new SecretRegistry();
  const log = createLogger({ level: 'debug', destination, secrets });
  const register = secrets.register.bind(secrets) as Register;
  return { log, lines, register };
}

const VICTIM_SECRET = 'Vq7xZ2mN9pL4rT8sW1yB6cD3fG5hJ0kQ';
const VICTIM_NAMESPACES = ['payments-prod', 'team-b', 'search-eu-1'];

describe('tenant-controlled Secret values cannot corrupt or censor the log', () => {
  test('JSON fragments and other tenants’ names in Secrets leave every line valid JSON and every namespace intact', () => {
    const { log, lines, register } = capture();
    register(VICTIM_SECRET, 'payments-prod');
    // The attacker's Secrets: JSON fragments, and the names of the other tenants' namespaces.
    for (const hostile of ['"level":"', '","msg":"', '"}\n{"', 'info"', ...VICTIM_NAMESPACES]) {
      register(hostile, 'mallory');
    }
    for (const namespace of VICTIM_NAMESPACES) {
      log.info({ namespace, name: 'prod', level2: 'info' }, `poll failed: "level":"warn" in ${namespace}`);
      log.warn({ namespace, reason: 'Throttled' }, `echoed key ${VICTIM_SECRET}`);
    }

    expect(lines).toHaveLength(VICTIM_NAMESPACES.length * 2);
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const [i, namespace] of VICTIM_NAMESPACES.entries()) {
      expect(parsed[2 * i]).toMatchObject({
        level: 'info',
        namespace,
        msg: `poll failed: "level":"warn" in ${namespace}`,
      });
      expect(parsed[2 * i + 1]).toMatchObject({ level: 'warn', namespace, msg: `echoed key ${REDACTED}` });
    }
    expect(lines.join('\n')).not.toContain(VICTIM_SECRET);
  });

  test('a tenant registering thousands of key-like values never pushes out another tenant’s secret', () => {
    const { log, lines, register } = capture();
    register(VICTIM_SECRET, 'payments-prod');
    for (let i = 0; i < 5_000; i++) register(`Mallory${i}Key${'Xy9'.repeat(6)}`, 'mallory');
    log.info({ namespace: 'payments-prod' }, `echoed key ${VICTIM_SECRET}`);
    expect(lines.join('\n')).not.toContain(VICTIM_SECRET);
  });
});
