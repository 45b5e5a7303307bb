// A child process of the control plane (etcd or kube-apiserver): output goes
// to a log file, it dies with its parent (setpriv --pdeathsig) and with this
// Node process (exit handler), and stop() is SIGTERM then SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants, openSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { onProcessExit } from './cleanup.js';

interface ProcessSpec {
  /** Short name used in messages, e.g. "etcd". */
  name: string;
  command: string;
  args: string[];
  /** stdout and stderr are appended to this file. */
  logPath: string;
  env?: NodeJS.ProcessEnv;
}

interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

let setprivPath: string | null | undefined;

/** util-linux setpriv (Essential on Debian) sets PR_SET_PDEATHSIG before exec. */
function findSetpriv(): string | null {
  if (setprivPath !== undefined) return setprivPath;
  setprivPath = null;
  if (process.platform !== 'linux') return setprivPath;
  const dirs = (process.env.PATH ?? '').split(delimiter).concat(['/usr/bin', '/bin']);
  for (const dir of dirs) {
    if (!dir) continue;
    try {
      accessSync(join(dir, 'setpriv'), constants.X_OK);
      setprivPath = join(dir, 'setpriv');
      break;
    } catch {
      // keep looking
    }
  }
  return setprivPath;
}

/** Last lines of a log file, for error messages. */
export function tailFile(path: string, lines = 25): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export class ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logPath: string;
  /** Resolves once the process has exited (never rejects). */
  readonly exited: Promise<ExitInfo>;
  private exitInfo: ExitInfo | undefined;
  private readonly unregister: () => void;

  private constructor(spec: ProcessSpec, child: ChildProcess) {
    this.name = spec.name;
    this.logPath = spec.logPath;
    if (child.pid === undefined) throw new Error(`${spec.name}: spawn failed`);
    this.pid = child.pid;
    this.unregister = onProcessExit(() => this.killNow());
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        this.unregister();
        resolve(this.exitInfo);
      });
    });
  }

  /** Spawns the process; rejects if it cannot be started at all. */
  static start(spec: ProcessSpec): Promise<ManagedProcess> {
    const setpriv = findSetpriv();
    const [command, args] = setpriv
      ? [setpriv, ['--pdeathsig', 'KILL', '--', spec.command, ...spec.args]]
      : [spec.command, spec.args];
    const fd = openSync(spec.logPath, 'a');
    try {
      const child = spawn(command, args, { stdio: ['ignore', fd, fd], env: spec.env ?? process.env });
      return new Promise((resolve, reject) => {
        child.once('error', (err) =>
          reject(new Error(`${spec.name}: cannot start ${spec.command}: ${err.message}`)),
        );
        child.once('spawn', () => resolve(new ManagedProcess(spec, child)));
      });
    } finally {
      closeSync(fd);
    }
  }

  get running(): boolean {
    return this.exitInfo === undefined;
  }

  /** Describes how the process ended, or undefined while it runs. */
  describeExit(): string | undefined {
    if (!this.exitInfo) return undefined;
    const { code, signal } = this.exitInfo;
    return `${this.name} (pid ${this.pid}) exited ${signal ? `on ${signal}` : `with code ${code}`}`;
  }

  /** SIGTERM, then SIGKILL after graceMs; resolves when the process is gone. */
  async stop(graceMs: number): Promise<void> {
    if (!this.running) return;
    this.signal('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    const result = await Promise.race([this.exited, timedOut]);
    clearTimeout(timer);
    if (result === 'timeout') {
      this.signal('SIGKILL');
      await this.exited;
    }
  }

  /** Synchronous SIGKILL, for exit handlers. */
  killNow(): void {
    if (this.running) this.signal('SIGKILL');
  }

  private signal(sig: NodeJS.Signals): void {
    try {
      process.kill(this.pid, sig);
    } catch {
      // already gone
    }
  }
}
