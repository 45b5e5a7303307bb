// Last-resort cleanup for the local control plane: when the Node process exits
// or is interrupted, kill every child still running and remove temp dirs, so a
// failed or interrupted test run leaves nothing behind. Children are also
// started with a parent-death signal (see process.ts) for the SIGKILL case.
import { rmSync } from 'node:fs';

type SyncTask = () => void;

const tasks = new Set<SyncTask>();
let installed = false;
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function runAll(): void {
  for (const task of [...tasks]) {
    tasks.delete(task);
    try {
      task();
    } catch {
      // Best effort: keep cleaning up the rest.
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  // Someone else handles this signal (e.g. a CLI stopping gracefully); the
  // exit hook still runs if they end the process.
  if (process.listenerCount(signal) > 1) return;
  runAll();
  // Restore the default behaviour (terminate with the signal).
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runAll);
  for (const s of SIGNALS) process.on(s, onSignal);
}

/** Registers a synchronous task run on exit/interrupt; returns its unregister function. */
export function onProcessExit(task: SyncTask): () => void {
  install();
  tasks.add(task);
  return () => {
    tasks.delete(task);
  };
}

/** Removes a directory tree at exit unless unregistered first. */
export function removeDirOnExit(dir: string): () => void {
  return onProcessExit(() => rmSync(dir, { recursive: true, force: true }));
}
