import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  receivedAt: number;
}

export type Handler = (req: RecordedRequest, res: ServerResponse) => void;

/**
 * A real HTTP server on 127.0.0.1 (port 0) for tests. Each request is answered by the next
 * handler in `script`; when the script runs out, the last handler repeats.
 */
export async function startTestServer(script: Handler[]): Promise<{
  url: string;
  requests: RecordedRequest[];
  close: () => Promise<void>;
}> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now(),
      };
      requests.push(recorded);
      const handler = script[Math.min(requests.length - 1, script.length - 1)];
      handler!(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const reply = (status: number, body = '', headers: Record<string, string> = {}): Handler => (_req, res) => {
  res.writeHead(status, headers);
  res.end(body);
};

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): Handler =>
  reply(status, JSON.stringify(value), { 'content-type': 'application/json', ...headers });

/** Never answers: the client must time out. */
export const hang: Handler = () => undefined;

/** Drops the connection without any response: a network error for the client. */
export const destroy: Handler = (_req, res) => {
  res.socket?.destroy();
};

/** How far a streamed answer got before the client stopped reading it. */
export interface StreamProgress {
  bytesWritten: number;
  /** True once the whole body was handed to the socket. */
  finished: boolean;
  /** Resolves when the connection closes; `finished` then tells whether the client took it all. */
  closed: Promise<void>;
}

/**
 * Answers with `totalBytes` of body ('x' characters after `prefix`), written 16 KB at a time with
 * a pause between writes, so kernel buffers cannot swallow the whole body before a client that
 * stops early has closed the connection. `progress` shows how much was written.
 */
export function streamBody(status: number, totalBytes: number, opts: { prefix?: string; headers?: Record<string, string> } = {}): { handler: Handler; progress: StreamProgress } {
  let markClosed: () => void = () => undefined;
  const progress: StreamProgress = { bytesWritten: 0, finished: false, closed: new Promise<void>((resolve) => (markClosed = resolve)) };
  const chunk = Buffer.alloc(16 * 1024, 'x');
  const handler: Handler = (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(totalBytes), ...opts.headers });
    res.on('close', markClosed);
    const prefix = Buffer.from(opts.prefix ?? '');
    res.write(prefix);
    progress.bytesWritten = prefix.length;
    const writeNext = () => {
      if (res.destroyed) return;
      const left = totalBytes - progress.bytesWritten;
      if (left <= 0) {
        res.end(() => (progress.finished = true));
        return;
      }
      const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
      progress.bytesWritten += piece.length;
      res.write(piece);
      setTimeout(writeNext, 2);
    };
    writeNext();
  };
  return { handler, progress };
}
