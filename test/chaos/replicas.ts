// The operator replicas of a chaos run, supervised the way a Deployment would be: N processes
// (`node dist/main.js --leader-elect`, harness OperatorProcess, full stdout/stderr kept), each
// exit recorded with what the driver did to it, and a replacement started for every replica that
// ends — at once for one that exited by itself (as kubelet restarts a container), after the
// takeover for one the driver killed. A LeaseWatch polls the Lease and keeps every holder change.
import type { KubeConfig } from '@kubernetes/client-node';
import { eventually, kube, metricSum, OperatorProcess } from '../helpers/operator-harness.js';
import type { ExitRecord } from './invariants.js';

export interface Replica {
  name: string;
  proc: OperatorProcess;
  driverAction?: 'SIGKILL' | 'SIGTERM';
  /** Every /metrics text scraped from it (periodically, before a kill, at the end). */
  scrapes: string[];
}

export interface ReplicaOptions {
  kubeconfig: string;
  selector: string;
  leaseNamespace: string;
  leaseName: string;
  log: (line: string) => void;
}

/** The identity a replica announced when it became leader (undefined: it never led). */
export function identityOf(replica: Replica): string | undefined {
  const lines = replica.proc.lines.filter((l) => l.msg === 'became leader');
  const identity = lines.at(-1)?.identity;
  return typeof identity === 'string' ? identity : undefined;
}

export class ReplicaSet {
  readonly all: Replica[] = [];
  readonly exits: ExitRecord[] = [];
  private stopping = false;
  private counter = 0;
  private pendingStarts: Array<Promise<unknown>> = [];

  constructor(private readonly opts: ReplicaOptions) {}

  live(): Replica[] {
    return this.all.filter((r) => !r.proc.exit);
  }

  async start(count: number): Promise<Replica[]> {
    return Promise.all(Array.from({ length: count }, () => this.spawn()));
  }

  async spawn(): Promise<Replica> {
    const name = `replica-${++this.counter}`;
    const started = OperatorProcess.start({
      name,
      kubeconfig: this.opts.kubeconfig,
      selector: this.opts.selector,
      args: [
        '--leader-elect',
        '--leader-election-namespace',
        this.opts.leaseNamespace,
        '--leader-election-id',
        this.opts.leaseName,
      ],
    });
    this.pendingStarts.push(started);
    const proc = await started;
    const replica: Replica = { name, proc, scrapes: [] };
    this.all.push(replica);
    this.opts.log(`${name} started (pid ${proc.pid})`);
    void proc.exited.then((exit) => this.onExit(replica, exit));
    return replica;
  }

  /** The live replica holding the Lease now (undefined while nobody, or a dead replica, holds it). */
  async leader(kc: KubeConfig): Promise<Replica | undefined> {
    const holder = await leaseHolder(kc, this.opts.leaseNamespace, this.opts.leaseName);
    return this.live().find((r) => holder !== undefined && identityOf(r) === holder);
  }

  /** Scrapes /metrics of every live replica (a replica that cannot answer is skipped). */
  async scrapeAll(): Promise<void> {
    await Promise.all(
      this.live().map(async (replica) => {
        try {
          replica.scrapes.push(await replica.proc.metrics());
        } catch {
          // exiting or not listening yet
        }
      }),
    );
  }

  async kill(replica: Replica): Promise<void> {
    replica.driverAction = 'SIGKILL';
    replica.proc.signal('SIGKILL');
    await replica.proc.exited;
  }

  /** SIGTERM to every live replica; resolves when all have exited (SIGKILL after 15 s). */
  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled(this.pendingStarts);
    await Promise.all(
      this.live().map((replica) => {
        replica.driverAction = 'SIGTERM';
        return replica.proc.stop(15_000);
      }),
    );
  }

  private onExit(replica: Replica, exit: { code: number | null; signal: NodeJS.Signals | null }): void {
    const lost = replica.proc.lines.filter((l) => l.msg === 'lost leadership').at(-1)?.reason;
    this.exits.push({
      replica: replica.name,
      code: exit.code,
      signal: exit.signal,
      at: Date.now(),
      ...(replica.driverAction ? { driverAction: replica.driverAction } : {}),
      ...(typeof lost === 'string' ? { lostLeadership: lost } : {}),
    });
    this.opts.log(
      `${replica.name} exited ${JSON.stringify(exit)}${typeof lost === 'string' ? ` (${lost})` : ''}`,
    );
    if (!this.stopping && !replica.driverAction) void this.spawn().catch((err) => this.opts.log(String(err)));
  }
}

export async function leaseHolder(
  kc: KubeConfig,
  namespace: string,
  name: string,
): Promise<string | undefined> {
  const res = await kube(kc, 'GET', `/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases/${name}`);
  if (res.status !== 200) return undefined;
  const holder = res.body?.spec?.holderIdentity;
  return typeof holder === 'string' && holder !== '' ? holder : undefined;
}

/** The leader gauge of a replica is 1 (it reconciles). */
export async function leads(replica: Replica): Promise<boolean> {
  return metricSum(await replica.proc.metrics(), 'upgradewatch_leader') === 1;
}

export interface HolderChange {
  at: number;
  holder: string;
}

/** Polls the Lease every `intervalMs` and keeps each change of holderIdentity ('' when released). */
export class LeaseWatch {
  readonly changes: HolderChange[] = [];
  leaseTransitions = 0;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(
    private readonly kc: KubeConfig,
    private readonly namespace: string,
    private readonly name: string,
    private readonly intervalMs = 500,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Changes from one holder to a different one (a release in between does not count twice). */
  moves(): number {
    const holders = this.changes.map((c) => c.holder).filter((h) => h !== '');
    return holders.filter((h, i) => i > 0 && h !== holders[i - 1]).length;
  }

  /** Distinct holders over the run: the number of leadership terms. */
  terms(): number {
    return new Set(this.changes.map((c) => c.holder).filter((h) => h !== '')).size;
  }

  async waitForHolder(
    predicate: (holder: string) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<string> {
    return eventually(
      what,
      () => {
        const holder = this.changes.at(-1)?.holder;
        return holder !== undefined && predicate(holder) ? holder : undefined;
      },
      timeoutMs,
      200,
    );
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const res = await kube(
        this.kc,
        'GET',
        `/apis/coordination.k8s.io/v1/namespaces/${this.namespace}/leases/${this.name}`,
        undefined,
        undefined,
        { timeoutMs: 3_000 },
      );
      if (res.status !== 200) return;
      const holder = String(res.body?.spec?.holderIdentity ?? '');
      this.leaseTransitions = Number(res.body?.spec?.leaseTransitions ?? this.leaseTransitions);
      if (this.changes.at(-1)?.holder !== holder) this.changes.push({ at: Date.now(), holder });
    } catch {
      // kube-apiserver down: try again next tick
    } finally {
      this.polling = false;
    }
  }
}
