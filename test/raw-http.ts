/**
 * One HTTP/1.1 connection held open by hand, for tests about what happens on a connection that
 * stays open (keep-alive across a stop, draining): requests go out on this socket and no other,
 * answers are read in order. fetch and http.Agent choose their sockets themselves, so they cannot
 * say "this request on that open connection". Bodies must come with Content-Length (chunked
 * answers are refused); every request is bounded by a timeout so a hung server fails the test.
 *
 * @example
 * const conn = await connect("http://127.0.0.1:3000");
 * const res = await conn.request("POST", "/webhooks/vca", vca(), { authorization: SECRET });
 * res.status; res.headers.connection; res.json;
 */
import { connect as netConnect, type Socket } from "node:net";

/** One answer read off the connection; header names are lower case. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: unknown;
}

/** A connection to the server, kept open until the server or `destroy()` closes it. */
export interface RawConnection {
  /** Sends a request on this connection and resolves with its answer; rejects if the connection closes first. */
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<RawResponse>;
  /** Resolves once the connection has closed (either side). */
  readonly closed: Promise<void>;
  /** Whether the connection has closed. */
  isClosed(): boolean;
  destroy(): void;
}

interface Waiting {
  resolve(response: RawResponse): void;
  reject(error: Error): void;
}

const REQUEST_TIMEOUT_MS = 10_000;

/** Parses one complete response at the start of `buffer`, or returns null when more bytes are needed. */
function parseResponse(buffer: Buffer): { response: RawResponse; rest: Buffer } | null {
  const end = buffer.indexOf("\r\n\r\n");
  if (end < 0) return null;
  const [statusLine, ...lines] = buffer.subarray(0, end).toString("latin1").split("\r\n");
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine ?? "")?.[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  if (headers["transfer-encoding"] !== undefined) throw new Error(`raw-http reads Content-Length bodies only; got transfer-encoding ${headers["transfer-encoding"]}`);
  const length = Number(headers["content-length"] ?? 0);
  const bodyStart = end + 4;
  if (buffer.length < bodyStart + length) return null;
  const text = buffer.subarray(bodyStart, bodyStart + length).toString("utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { response: { status, headers, text, json }, rest: buffer.subarray(bodyStart + length) };
}

/** Opens a connection to `baseUrl` (`http://127.0.0.1:PORT`). */
export async function connect(baseUrl: string): Promise<RawConnection> {
  const { hostname, port } = new URL(baseUrl);
  const socket: Socket = netConnect({ host: hostname, port: Number(port) });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  let buffer: Buffer = Buffer.alloc(0);
  let closed = false;
  const waiting: Waiting[] = [];
  const closedPromise = new Promise<void>((resolve) => {
    socket.once("close", () => {
      closed = true;
      for (const w of waiting.splice(0)) w.reject(new Error("the connection closed before the answer"));
      resolve();
    });
  });
  socket.on("error", () => undefined); // a reset is seen as the close that follows it
  socket.on("data", (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (let parsed = parseResponse(buffer); parsed && waiting.length > 0; parsed = parseResponse(buffer)) {
      buffer = parsed.rest;
      waiting.shift()!.resolve(parsed.response);
    }
  });

  return {
    request(method, path, body, headers = {}) {
      const payload = body === undefined ? undefined : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
      const head = [`${method} ${path} HTTP/1.1`, `host: ${hostname}:${port}`, "connection: keep-alive"];
      if (payload) head.push("content-type: application/json", `content-length: ${payload.length}`);
      for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`);
      return new Promise<RawResponse>((resolve, reject) => {
        if (closed) {
          reject(new Error("the connection is closed"));
          return;
        }
        const timer = setTimeout(() => reject(new Error(`no answer to ${method} ${path} within ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS);
        waiting.push({
          resolve: (response) => {
            clearTimeout(timer);
            resolve(response);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        socket.write(`${head.join("\r\n")}\r\n\r\n`);
        if (payload) socket.write(payload);
      });
    },
    closed: closedPromise,
    isClosed: () => closed,
    destroy: () => socket.destroy(),
  };
}
