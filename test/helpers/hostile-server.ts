// A deliberately badly behaved HTTP server for robustness tests: a raw `node:http` server on
// 127.0.0.1:0 that answers every request with a scripted reply — any status, any headers, any
// body bytes — delivered whole, dripped slowly, cut off, never finished, or as raw bytes that are
// not even HTTP. It ignores signatures and counts every request it receives, so a test can prove
// that a request was (or was never) sent.

import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { constants as zlibConstants, createBrotliCompress, createDeflate, createGzip } from 'node:zlib';

/** How the body of a scripted reply reaches the client. */
export type Delivery =
  /** Headers and the whole body at once (default). */
  | { kind: 'whole' }
  /** Headers, then `chunk` every `everyMs` for ever (until the client goes away). */
  | { kind: 'drip'; chunk: string; everyMs: number; prefix?: string }
  /** Headers (and `prefix`, if any), then nothing, with the connection held open. */
  | { kind: 'hang'; prefix?: string }
  /** Accept the connection, read the request, never answer at all. */
  | { kind: 'silent' }
  /** Headers and the first `afterBytes` bytes of the body, then a TCP reset. */
  | { kind: 'reset'; afterBytes: number }
  /** Close the connection before sending anything. */
  | { kind: 'close-early' }
  /** `repeat` copies of `chunk` streamed with back-pressure, so huge bodies cost no test memory. */
  | { kind: 'stream'; chunk: Buffer; repeat: number; prefix?: string; suffix?: string }
  /** Raw bytes written to the socket instead of an HTTP response, then the socket is ended. */
  | { kind: 'raw'; bytes: Buffer | string };

export interface ScriptedReply {
  status?: number;
  /** Written exactly as given (arrays become repeated headers). No defaults are added. */
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  delivery?: Delivery;
}

export interface ReceivedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The request body as UTF-8 (a token request's form; '' for a GET), up to MAX_RECORDED_BODY bytes. */
  body: string;
}

/** Bodies longer than this are drained but not recorded (no test sends more). */
const MAX_RECORDED_BODY = 64 * 1024;

/** Decides the reply for the n-th request (0-based) it has received. */
export type ReplyScript = ScriptedReply | ((request: ReceivedRequest, index: number) => ScriptedReply);

export interface HostileServer {
  /** `http://127.0.0.1:{port}` */
  readonly origin: string;
  readonly port: number;
  readonly requests: readonly ReceivedRequest[];
  /** Replace the script (the request log is kept). */
  play(script: ReplyScript): void;
  /** Forget the request log. */
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_REPLY: ScriptedReply = {
  status: 500,
  headers: { 'content-type': 'text/plain' },
  body: 'no script',
};

function writeHead(res: ServerResponse, reply: ScriptedReply): void {
  res.writeHead(reply.status ?? 200, reply.headers ?? {});
  res.flushHeaders();
}

function deliver(
  res: ServerResponse,
  socket: Socket,
  reply: ScriptedReply,
  timers: Set<NodeJS.Timeout>,
): void {
  const delivery = reply.delivery ?? { kind: 'whole' };
  const body = reply.body ?? '';
  switch (delivery.kind) {
    case 'whole':
      res.writeHead(reply.status ?? 200, reply.headers ?? {});
      res.end(body);
      return;
    case 'drip': {
      writeHead(res, reply);
      if (delivery.prefix) res.write(delivery.prefix);
      const timer = setInterval(() => {
        if (!res.destroyed) res.write(delivery.chunk);
      }, delivery.everyMs);
      timers.add(timer);
      res.on('close', () => {
        clearInterval(timer);
        timers.delete(timer);
      });
      return;
    }
    case 'hang':
      writeHead(res, reply);
      if (delivery.prefix) res.write(delivery.prefix);
      return;
    case 'silent':
      return;
    case 'reset': {
      writeHead(res, reply);
      const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
      res.write(bytes.subarray(0, delivery.afterBytes), () => {
        // Give the bytes a moment to leave, then a hard reset (RST), not a clean FIN.
        const timer = setTimeout(() => socket.resetAndDestroy(), 20);
        timers.add(timer);
      });
      return;
    }
    case 'close-early':
      socket.destroy();
      return;
    case 'stream': {
      writeHead(res, reply);
      let sent = 0;
      const pump = (): void => {
        if (sent === 0 && delivery.prefix) res.write(delivery.prefix);
        while (sent < delivery.repeat) {
          sent += 1;
          if (res.destroyed) return;
          if (!res.write(delivery.chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end(delivery.suffix ?? '');
      };
      pump();
      return;
    }
    case 'raw':
      socket.end(delivery.bytes);
      return;
  }
}

export async function startHostileServer(initial: ReplyScript = DEFAULT_REPLY): Promise<HostileServer> {
  let script = initial;
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const server: Server = createServer((req, res) => {
    const received: ReceivedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: '',
    };
    const index = requests.length;
    requests.push(received);
    // The script sees the whole request: it is asked once the body (a token POST's form) is in.
    const chunks: Buffer[] = [];
    let recorded = 0;
    req.on('data', (chunk: Buffer) => {
      if (recorded + chunk.length <= MAX_RECORDED_BODY) chunks.push(chunk);
      recorded += chunk.length;
    });
    req.on('end', () => {
      received.body = Buffer.concat(chunks).toString('utf8');
      const reply = typeof script === 'function' ? script(received, index) : script;
      deliver(res, req.socket, reply, timers);
    });
  });
  // Keep-alive would let one test's half-finished reply bleed into the next: one request per socket.
  server.keepAliveTimeout = 1;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {}); // resets are the point here
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    play(next) {
      script = next;
    },
    reset() {
      requests.length = 0;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---- Compression bombs: a small body that inflates past the transport's size cap ----

async function compressStream(
  make: () => NodeJS.ReadWriteStream,
  inflatedBytes: number,
  chunkBytes: number,
): Promise<Buffer> {
  const stream = make();
  const out: Buffer[] = [];
  stream.on('data', (data: Buffer) => out.push(data));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const chunk = Buffer.alloc(chunkBytes, 0x20); // spaces: valid JSON whitespace, compresses ~1000:1
  for (let written = 0; written < inflatedBytes; written += chunkBytes) {
    if (!stream.write(chunk)) await new Promise((resolve) => stream.once('drain', resolve));
  }
  stream.end();
  await done;
  return Buffer.concat(out);
}

/** A gzip stream (Content-Encoding: gzip) that inflates to `inflatedBytes` of spaces. */
export function gzipBomb(inflatedBytes: number): Promise<Buffer> {
  return compressStream(() => createGzip({ level: 9 }), inflatedBytes, 1024 * 1024);
}

/** Same for `Content-Encoding: deflate` (zlib-wrapped deflate, as HTTP means it). */
export function deflateBomb(inflatedBytes: number): Promise<Buffer> {
  return compressStream(() => createDeflate({ level: 9 }), inflatedBytes, 1024 * 1024);
}

/** Same for `Content-Encoding: br`. */
export function brotliBomb(inflatedBytes: number): Promise<Buffer> {
  return compressStream(
    () => createBrotliCompress({ params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } }),
    inflatedBytes,
    1024 * 1024,
  );
}
