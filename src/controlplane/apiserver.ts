// kube-apiserver on a free loopback port, in the spirit of envtest: RBAC on,
// static admin token, TokenRequest-capable service-account issuer, serving
// cert self-generated into a cert dir that survives restarts (so clients keep
// trusting it), and restart() on the same port against the same etcd.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Credentials } from './credentials.js';
import { ControlPlaneError, isAddressInUse } from './errors.js';
import { httpsGet, type Endpoint } from './https.js';
import { freePort } from './ports.js';
import { ManagedProcess } from './process.js';
import type { Timings } from './timings.js';
import { waitUntil } from './wait.js';

interface ApiServerOptions {
  binary: string;
  /** Work dir; cert dir and kube-apiserver.log go inside. */
  dir: string;
  etcdURL: string;
  credentials: Credentials;
  timings: Timings;
  /** Extra flags appended last (later flags win). */
  extraArgs?: string[];
}

export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
const START_ATTEMPTS = 3;

export class ApiServer {
  private proc: ManagedProcess | undefined;
  private port: number | undefined;
  private readonly certDir: string;
  readonly logPath: string;

  constructor(private readonly opts: ApiServerOptions) {
    this.certDir = join(opts.dir, 'apiserver-certs');
    this.logPath = join(opts.dir, 'kube-apiserver.log');
  }

  get pid(): number | undefined {
    return this.proc?.running ? this.proc.pid : undefined;
  }

  /** Server URL, CA bundle and admin token; valid after start(). */
  get endpoint(): Endpoint {
    if (this.port === undefined) throw new Error('kube-apiserver not started');
    return {
      server: `https://127.0.0.1:${this.port}`,
      ca: readFileSync(join(this.certDir, 'apiserver.crt'), 'utf8'),
      token: this.opts.credentials.adminToken,
    };
  }

  /** Starts on a free port (retrying if another process grabs it first). */
  async start(): Promise<void> {
    mkdirSync(this.certDir, { recursive: true, mode: 0o700 });
    for (let attempt = 1; ; attempt++) {
      this.port = await freePort();
      try {
        return await this.launch();
      } catch (err) {
        if (attempt >= START_ATTEMPTS || !isAddressInUse(this.logPath)) throw err;
      }
    }
  }

  /** Stops kube-apiserver and starts it again on the same port and etcd. */
  async restart(): Promise<void> {
    if (this.port === undefined) throw new Error('kube-apiserver not started');
    await this.stop();
    await this.launch();
  }

  async stop(): Promise<void> {
    await this.proc?.stop(this.opts.timings.stopGraceMs);
  }

  private args(port: number): string[] {
    const c = this.opts.credentials;
    return [
      `--etcd-servers=${this.opts.etcdURL}`,
      `--secure-port=${port}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--cert-dir=${this.certDir}`,
      `--token-auth-file=${c.tokenAuthFilePath}`,
      '--authorization-mode=RBAC',
      `--service-account-issuer=${SERVICE_ACCOUNT_ISSUER}`,
      `--service-account-key-file=${c.serviceAccountPublicKeyPath}`,
      `--service-account-signing-key-file=${c.serviceAccountKeyPath}`,
      '--disable-admission-plugins=ServiceAccount',
      '--service-cluster-ip-range=10.0.0.0/24',
      '--allow-privileged=true',
      // 127.0.0.1 may not be published as the kubernetes Service endpoint.
      '--endpoint-reconciler-type=none',
      ...(this.opts.extraArgs ?? []),
    ];
  }

  private async launch(): Promise<void> {
    const port = this.port;
    if (port === undefined) throw new Error('no port');
    const proc = await ManagedProcess.start({
      name: 'kube-apiserver',
      command: this.opts.binary,
      args: this.args(port),
      logPath: this.logPath,
    });
    this.proc = proc;
    try {
      await waitUntil(
        'kube-apiserver /readyz',
        async () => {
          if (!existsSync(join(this.certDir, 'apiserver.crt'))) return false;
          const res = await httpsGet(this.endpoint, '/readyz', 2000);
          if (res.status !== 200) throw new Error(`/readyz ${res.status}: ${res.body.slice(0, 500)}`);
          return true;
        },
        {
          timeoutMs: this.opts.timings.apiServerReadyTimeoutMs,
          intervalMs: this.opts.timings.pollIntervalMs,
          abort: () => {
            const exit = proc.describeExit();
            return exit ? new ControlPlaneError(exit, this.logPath) : undefined;
          },
        },
      );
    } catch (err) {
      await proc.stop(this.opts.timings.stopGraceMs);
      if (err instanceof ControlPlaneError) throw err;
      throw new ControlPlaneError(err instanceof Error ? err.message : String(err), this.logPath);
    }
  }

  /** gitVersion from /version, e.g. "v1.37.2". */
  async version(): Promise<string> {
    const res = await httpsGet(this.endpoint, '/version');
    if (res.status !== 200) throw new Error(`/version ${res.status}`);
    return (JSON.parse(res.body) as { gitVersion: string }).gitVersion;
  }
}
