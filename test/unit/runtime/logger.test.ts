import { Writable } from 'node:stream';
import {
  createLogger,
  isSensitiveKey,
  looksLikeKey,
  REDACTED,
  redactText,
  registerSecret,
  redactValue,
  SecretRegistry,
  type LogLevel,
} from '../../../src/runtime/logger.js';
import { expectNoSecretLeak } from '../../helpers/secret-scan.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TOKEN = 'CAIS-sts-token-value-0123456789';

function capture(level: LogLevel = 'debug') {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  const secrets = new SecretRegistry();
  const log = createLogger({ level, destination, secrets });
  const output = () => lines.join('\n');
  return { log, lines, output, secrets };
}

describe('logger redaction', () => {
  test('Authorization headers never appear, whatever the casing or nesting', () => {
    const { log, output } = capture();
    log.info(
      {
        headers: { Authorization: 'ACS3-HMAC-SHA256 Credential=LTAI,SignedHeaders=host,Signature=abc123' },
        req: {
          headers: { authorization: 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=def456' },
        },
        deep: { a: { b: { c: { 'proxy-authorization': 'Basic dXNlcjpwYXNz' } } } },
      },
      'request sent',
    );
    const out = output();
    expect(out).not.toContain('abc123');
    expect(out).not.toContain('def456');
    expect(out).not.toContain('dXNlcjpwYXNz');
    expect(out).toContain(REDACTED);
    expect(JSON.parse(out).msg).toBe('request sent');
  });

  test('accessKeySecret, securityToken, token and password keys are masked at any depth', () => {
    const { log, lines, output } = capture();
    log.info({
      credentials: { accessKeyId: 'LTAI5tExample', accessKeySecret: SECRET, securityToken: TOKEN },
      spec: { nested: { token: 'tok-123456', password: 'hunter2-pass' } },
      list: [{ access_key_secret: SECRET }, { 'X-Security-Token': TOKEN }, { 'x-acs-security-token': TOKEN }],
    });
    // The line was written, with every masked field in place (an empty log fails here), and no
    // form of any secret (raw, base64, URL-encoded, JSON-escaped) is in it.
    expect(lines).toHaveLength(1);
    expect(JSON.parse(output())).toMatchObject({
      credentials: REDACTED, // the access key id sits under `credentials`, masked whole
      spec: { nested: { token: REDACTED, password: REDACTED } },
      list: [
        { access_key_secret: REDACTED },
        { 'X-Security-Token': REDACTED },
        { 'x-acs-security-token': REDACTED },
      ],
    });
    expectNoSecretLeak(lines, [SECRET, TOKEN, 'tok-123456', 'hunter2-pass', 'LTAI5tExample']);
  });

  test('an access key id alone stays visible (it identifies, it does not authenticate)', () => {
    const { log, output } = capture();
    log.info({ accessKeyId: 'LTAI5tExample', region: 'cn-hangzhou' });
    expect(JSON.parse(output())).toMatchObject({ accessKeyId: 'LTAI5tExample', region: 'cn-hangzhou' });
  });

  test('axios-like errors lose config/request/headers but keep type, message, code and status', () => {
    const { log, output } = capture();
    const err = Object.assign(new Error('Request failed with status code 403'), {
      name: 'AxiosError',
      code: 'ERR_BAD_REQUEST',
      config: { headers: { Authorization: `Bearer ${TOKEN}` }, data: { accessKeySecret: SECRET } },
      request: { _header: `GET / HTTP/1.1\r\nAuthorization: Bearer ${TOKEN}` },
      response: { status: 403, headers: { 'set-cookie': 'x' }, data: 'denied' },
    });
    log.error({ err }, 'poll failed');
    const line = JSON.parse(output());
    expect(output()).not.toContain(TOKEN);
    expect(output()).not.toContain(SECRET);
    expect(line.err).toMatchObject({
      type: 'AxiosError',
      message: 'Request failed with status code 403',
      code: 'ERR_BAD_REQUEST',
      httpStatus: 403,
    });
    expect(line.err.stack).toContain('AxiosError');
  });

  test('error causes are kept and redacted too', () => {
    const { log, output } = capture();
    const cause = Object.assign(new Error('inner'), { securityToken: TOKEN });
    log.error({ err: new Error('outer', { cause }) }, 'failed');
    const line = JSON.parse(output());
    expect(line.err.cause.message).toBe('inner');
    expect(output()).not.toContain(TOKEN);
  });

  test('credential-looking text inside messages and string values is masked', () => {
    const { log, output } = capture();
    log.warn(`sent Authorization: Bearer ${TOKEN} and ?Signature=deadbeef01`);
    log.info({ note: 'header was SDK-HMAC-SHA256 Access=AK, SignedHeaders=x, Signature=0badc0de' });
    const out = output();
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain('deadbeef01');
    expect(out).not.toContain('0badc0de');
  });

  test('secret values registered at runtime are masked wherever they appear, message included', () => {
    const { log, output, secrets } = capture();
    secrets.register(SECRET);
    log.info({ text: `the body echoed ${SECRET}` }, `and the message too: ${SECRET}`);
    log.child({ context: SECRET }).info('child bindings');
    expect(output()).not.toContain(SECRET);
    expect(output()).not.toContain('wJalrXUtnFEMI');
    expect(output().split(REDACTED).length - 1).toBeGreaterThanOrEqual(3);
  });

  test.each([
    ['', false, 'empty'],
    ['abc', false, 'short: would mask ordinary words'],
    ['team-payments-prod-1', false, 'lower case: every namespace and object name is'],
    ['"level":"info",X9', false, 'JSON punctuation is outside the key alphabet'],
    ['Secret Value With 1 Space', false, 'whitespace is outside the key alphabet'],
    ['ALLUPPERCASE12345', false, 'no lower-case letter'],
    ['wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', true, 'an Alibaba-style AccessKeySecret'],
    ['CAIS-sts-token-value-0123456789', true, 'an STS security token'],
  ])('looksLikeKey(%j) = %s (%s)', (value, expected) => {
    expect(looksLikeKey(value)).toBe(expected);
    const registry = new SecretRegistry();
    registry.register(value, 'team-a');
    expect(registry.redact(`x ${value} y`) === `x ${value} y`).toBe(!expected || value === '');
  });

  test('undefined is ignored', () => {
    const registry = new SecretRegistry();
    registry.register(undefined, 'team-a');
    expect(registry.redact('nothing to hide')).toBe('nothing to hide');
  });

  test('a full tenant drops its own oldest value, never another tenant’s', () => {
    const registry = new SecretRegistry(2);
    const [a1, a2, a3, b1] = [
      'TenantA1Secret0001',
      'TenantA2Secret0002',
      'TenantA3Secret0003',
      'TenantB1Secret0001',
    ];
    registry.register(b1, 'team-b');
    registry.register(a1, 'team-a');
    registry.register(a2, 'team-a');
    registry.register(a3, 'team-a');
    expect(registry.redact(`${a1} ${a2} ${a3} ${b1}`)).toBe(`${a1} ${REDACTED} ${REDACTED} ${REDACTED}`);
  });

  test('levels filter output', () => {
    const { log, lines } = capture('warn');
    log.info('hidden');
    log.warn('shown');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 'warn', msg: 'shown' });
  });

  test('redactValue copies: the caller’s object is left untouched, cycles are handled', () => {
    const input: Record<string, unknown> = { password: 'p@ssw0rd!', keep: 1 };
    input.self = input;
    const out = redactValue(input) as Record<string, unknown>;
    expect(out).toEqual({ password: REDACTED, keep: 1, self: '[Circular]' });
    expect(input.password).toBe('p@ssw0rd!');
  });

  test.each([
    ['Authorization', true],
    ['x-acs-security-token', true],
    ['X-Security-Token', true],
    ['accessKeySecret', true],
    ['access_key_secret', true],
    ['bearerToken', true],
    ['x-acs-signature', true],
    ['accessKeyId', false],
    ['x-acs-signature-nonce', false],
    ['credentialsRef', false],
    ['name', false],
  ])('isSensitiveKey(%s) = %s', (key, expected) => {
    expect(isSensitiveKey(key)).toBe(expected);
  });

  test('registerSecret/redactText use the process-wide registry that createLogger uses by default', () => {
    const value = `ProcessWide${Date.now()}`;
    expect(redactText(`x ${value} y`)).toBe(`x ${value} y`);
    registerSecret(value);
    expect(redactText(`x ${value} y`)).toBe(`x ${REDACTED} y`);
  });
});
