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
