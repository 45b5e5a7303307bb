// `kubectl upgradewatch status|history`: fetch, build the views, print text or JSON. With
// --watch the status is fetched again every REFRESH_MS and drawn in place on a terminal (cursor
// home + clear), or printed as a new block when anything changed when the output is piped.
// Clock, sleep and the API are injected so the loop is tested without real time.

import type { ClusterUpgradeWatch } from '../api/types.js';
import { PLURAL, GROUP } from '../api/types.js';
import type { PluginArgs } from './args.js';
import type { WatchSource } from './kube.js';
import { renderHistory, renderStatus } from './render.js';
import { historyViewOf, viewOf } from './view.js';

const REFRESH_MS = 2_000;
/** Cursor to the top-left, clear the screen below it. */
const REDRAW = '\x1b[H\x1b[J';

export interface PluginIO {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  now(): Date;
  /** Resolves after `ms`, or false at once when the watch should end (Ctrl-C). */
  sleep(ms: number): Promise<boolean>;
}

class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  constructor(namespace: string, name: string) {
    // kubectl's wording, so scripts that grep it keep working.
    super(`Error from server (NotFound): ${PLURAL}.${GROUP} "${name}" not found in namespace "${namespace}"`);
  }
}

async function fetchWatches(args: PluginArgs, namespace: string | undefined, source: WatchSource) {
  if (args.name === undefined) return source.list(namespace);
  const ns = namespace ?? 'default';
  const watch = await source.get(ns, args.name);
  if (!watch) throw new NotFoundError(ns, args.name);
  return [watch];
}

function frame(
  args: PluginArgs,
  namespace: string | undefined,
  watches: ClusterUpgradeWatch[],
  now: Date,
): string {
  if (args.command === 'history') {
    const view = historyViewOf(watches[0]!, now);
    return args.output === 'json' ? JSON.stringify(view, null, 2) : renderHistory(view).join('\n');
  }
  const views = watches.map((w) => viewOf(w, now));
  if (args.output === 'json') return JSON.stringify(args.name === undefined ? views : views[0], null, 2);
  const where = namespace === undefined ? 'in any namespace' : `in namespace ${namespace}`;
  return renderStatus(views, where).join('\n');
}

/** A change other than time passing: some object was written. */
function versionsOf(watches: ClusterUpgradeWatch[]): string {
  return watches
    .map((w) => `${w.metadata.namespace}/${w.metadata.name}@${w.metadata.resourceVersion}`)
    .join(',');
}

export async function runPlugin(
  args: PluginArgs,
  namespace: string | undefined,
  source: WatchSource,
  io: PluginIO,
): Promise<number> {
  let watches: ClusterUpgradeWatch[];
  try {
    watches = await fetchWatches(args, namespace, source);
  } catch (error) {
    io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  if (!args.watch) {
    io.stdout.write(`${frame(args, namespace, watches, io.now())}\n`);
    return 0;
  }
  const tty = io.stdout.isTTY === true;
  let shown: string | undefined;
  for (;;) {
    const versions = versionsOf(watches);
    if (tty) io.stdout.write(`${REDRAW}${frame(args, namespace, watches, io.now())}\n`);
    else if (versions !== shown)
      io.stdout.write(`${shown === undefined ? '' : '\n'}${frame(args, namespace, watches, io.now())}\n`);
    shown = versions;
    if (!(await io.sleep(REFRESH_MS))) return 0;
    try {
      watches = await fetchWatches(args, namespace, source);
    } catch (error) {
      // Keep watching through an API hiccup (or a deleted object), as kubectl get -w retries.
      io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
}
