// Where the table goes. On a terminal: one frame (header, table, footer) redrawn in place every
// refresh. Otherwise (CI, a pipe, a file): the header once, then a table snapshot each time
// something other than AGE changed, so logs stay short and readable.

import { formatTable, humanAge, type WatchRow } from './table.js';

export interface DisplayOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Display {
  /** A refresh: the current rows, time since the watches were applied, and a footer note. */
  show(rows: readonly WatchRow[], elapsedMs: number, note?: string): void;
  /** The closing table, always printed in full, followed by `summary`. */
  final(rows: readonly WatchRow[], elapsedMs: number, summary: string): void;
  /** Restores the terminal (cursor); idempotent. */
  close(): void;
}

const ESC = '\x1b[';
const CLEAR_SCREEN = `${ESC}2J${ESC}H`;
const HOME = `${ESC}H`;
const CLEAR_TO_EOL = `${ESC}K`;
const CLEAR_TO_END = `${ESC}J`;
const HIDE_CURSOR = `${ESC}?25l`;
const SHOW_CURSOR = `${ESC}?25h`;

export function createDisplay(out: DisplayOutput, header: readonly string[], footer: string): Display {
  return out.isTTY ? terminalDisplay(out, header, footer) : logDisplay(out, header);
}

function terminalDisplay(out: DisplayOutput, header: readonly string[], footer: string): Display {
  let started = false;
  let closed = false;
  const frame = (rows: readonly WatchRow[], bottom: string[]): void => {
    const width = out.columns && out.columns > 20 ? out.columns : undefined;
    const cut = (line: string): string =>
      width !== undefined && line.length > width ? `${line.slice(0, width - 1)}…` : line;
    const lines = [...header, '', ...formatTable(rows, { maxWidth: width }), '', ...bottom].map(cut);
    const prefix = started ? HOME : `${CLEAR_SCREEN}${HIDE_CURSOR}`;
    started = true;
    out.write(`${prefix}${lines.map((l) => `${l}${CLEAR_TO_EOL}`).join('\n')}\n${CLEAR_TO_END}`);
  };
  const close = (): void => {
    if (closed) return;
    closed = true;
    if (started) out.write(SHOW_CURSOR);
  };
  return {
    show(rows, elapsedMs, note) {
      if (closed) return;
      frame(rows, [`elapsed ${humanAge(elapsedMs)} · ${footer}`, ...(note ? [note] : [])]);
    },
    final(rows, elapsedMs, summary) {
      if (!closed) frame(rows, [`elapsed ${humanAge(elapsedMs)}`]);
      close();
      out.write(`${summary}\n`);
    },
    close,
  };
}

function logDisplay(out: DisplayOutput, header: readonly string[]): Display {
  let headerShown = false;
  let last: string | undefined;
  const showHeader = (): void => {
    if (headerShown) return;
    headerShown = true;
    out.write(`${header.join('\n')}\n\n`);
  };
  return {
    show(rows, elapsedMs, note) {
      showHeader();
      const key = `${formatTable(rows, { withoutAge: true }).join('\n')}\n${note ?? ''}`;
      if (key === last) return;
      last = key;
      const lines = [`--- +${humanAge(elapsedMs)} ---`, ...formatTable(rows), ...(note ? [note] : [])];
      out.write(`${lines.join('\n')}\n\n`);
    },
    final(rows, elapsedMs, summary) {
      showHeader();
      const lines = [`=== final state after ${humanAge(elapsedMs)} ===`, ...formatTable(rows), summary];
      out.write(`${lines.join('\n')}\n`);
    },
    close() {},
  };
}
