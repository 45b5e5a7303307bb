// Records every version of every ClusterUpgradeWatch for the whole chaos run, across
// kube-apiserver restarts. watchCollection (src/devkit/kube-rest.ts) lists, then watches from the
// last resourceVersion it saw (bookmarks included) and reconnects after any drop; on 410 Gone it
// watches again without a resourceVersion, which makes the API server send the current state of
// every object as ADDED events — a relist. A relist that shows a CR at a resourceVersion the
// recorder never saw is a catch-up: the versions in between (if any) were not seen, so it is
// counted and reported; at the end, the driver checks the recorder holds every CR's final version.
import type { KubeConfig } from '@kubernetes/client-node';
import { GROUP, PLURAL, VERSION, type ClusterUpgradeWatch } from '../../src/api/types.js';
import { watchCollection, type CollectionWatch } from '../../src/devkit/kube-rest.js';
import { canonicalJson } from '../../src/controller/status.js';

export interface RecordedVersion {
  at: number;
  /** LISTED, ADDED, MODIFIED, DELETED (as the watch delivered it). */
  type: string;
  key: string;
  resourceVersion: string;
  object: ClusterUpgradeWatch;
  /** The status differs from the previous recorded version's (lastSyncTime ignored). */
  statusChanged: boolean;
}

export const ALL_WATCHES_PATH = `/apis/${GROUP}/${VERSION}/${PLURAL}`;

function comparableStatus(object: ClusterUpgradeWatch): string {
  const { lastSyncTime: _ignored, ...rest } = object.status ?? {};
  return canonicalJson(rest);
}

export class StatusRecorder {
  readonly versions: RecordedVersion[] = [];
  /** ADDED events for CRs already known: the watch restarted without a resourceVersion (410). */
  relistedObjects = 0;
  /** Relisted CRs whose resourceVersion the recorder had not seen. */
  catchUps = 0;
  private readonly last = new Map<string, RecordedVersion>();
  private readonly seen = new Set<string>();
  private watch: CollectionWatch | undefined;

  constructor(private readonly kc: KubeConfig) {}

  async start(): Promise<void> {
    this.watch = await watchCollection<ClusterUpgradeWatch>(this.kc, ALL_WATCHES_PATH, {
      onObject: (type, object) => this.push(type, object),
      timeoutSeconds: 120,
      reconnectDelayMs: 250,
    });
  }

  async stop(): Promise<void> {
    await this.watch?.stop();
  }

  /** The last recorded version of `namespace/name`. */
  latest(key: string): RecordedVersion | undefined {
    return this.last.get(key);
  }

  /** Every recorded version of `namespace/name`, in resourceVersion order. */
  history(key: string): RecordedVersion[] {
    return this.versions.filter((v) => v.key === key);
  }

  statusChanges(): number {
    return this.versions.filter((v) => v.statusChanged).length;
  }

  private push(type: string, object: ClusterUpgradeWatch): void {
    const key = `${object.metadata.namespace}/${object.metadata.name}`;
    const resourceVersion = object.metadata.resourceVersion ?? '';
    const previous = this.last.get(key);
    if (type === 'ADDED' && previous) {
      this.relistedObjects++;
      if (!this.seen.has(`${key}@${resourceVersion}`)) this.catchUps++;
    }
    if (this.seen.has(`${key}@${resourceVersion}`)) return;
    this.seen.add(`${key}@${resourceVersion}`);
    const version: RecordedVersion = {
      at: Date.now(),
      type,
      key,
      resourceVersion,
      object,
      statusChanged:
        comparableStatus(object) !== (previous ? comparableStatus(previous.object) : canonicalJson({})),
    };
    this.versions.push(version);
    this.last.set(key, version);
  }
}
