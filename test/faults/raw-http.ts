/**
 * A minimal HTTP/1.1 client over a raw socket, for requests a well-behaved client cannot send:
 * invalid UTF-8 bytes, a Content-Length that lies, a body cut off by a half-close. One request per
 * connection (`Connection: close`), every wait bounded by `timeoutMs`.
 *
 * @example
 * const res = await rawRequest(port, { method: "POST", path: "/webhooks/vss", headers: { "content-type": "application/json" }, body: Buffer.from("{") });
 * if (res.kind === "response") console.log(res.status, res.text);
 */
import { connect } from "node:net";

/** What to send. `body` goes out as bytes; `contentLength` overrides the header (a lie, say). */
export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** The Content-Length header to send; default the body's length (none without a body). */
  contentLength?: number | null;
  /** Send only the first `sendBytes` bytes of the body, then half-close (the server sees EOF). */
  sendBytes?: number;
}

/** A response read to its end, or what happened instead. */
export type RawResult =
  | { kind: "response"; status: number; headers: Record<string, string>; text: string }
  | { kind: "no-response"; reason: string };

/** The head and body of what was read, when it holds a whole status line and headers. */
function parse(data: Buffer): RawResult | null {
  const end = data.indexOf("\r\n\r\n");
  if (end < 0) return null;
  const [statusLine, ...lines] = data.subarray(0, end).toString("latin1").split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? "")?.[1]);
  if (!Number.isInteger(status)) return null;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = data.subarray(end + 4);
  const length = headers["content-length"];
  if (length !== undefined) body = body.subarray(0, Number(length));
  else if (headers["transfer-encoding"] === "chunked") body = dechunk(body);
  return { kind: "response", status, headers, text: body.toString("utf8") };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  // Bounded by the data: each pass consumes one chunk or stops.
  while (at < data.length) {
    const lineEnd = data.indexOf("\r\n", at);
    if (lineEnd < 0) break;
    const size = parseInt(data.subarray(at, lineEnd).toString("latin1"), 16);
    if (!(size > 0)) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** Whether `data` holds a complete response (by Content-Length), so the read can stop. */
function complete(data: Buffer): boolean {
  const end = data.indexOf("\r\n\r\n");
  if (end < 0) return false;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(data.subarray(0, end).toString("latin1"))?.[1];
  return length !== undefined && data.length >= end + 4 + Number(length);
}

/** Sends one request on a fresh connection to 127.0.0.1:`port` and reads the answer. */
export function rawRequest(port: number, request: RawRequest, timeoutMs = 10_000): Promise<RawResult> {
  const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body, "utf8");
  const headers: Record<string, string> = { host: `127.0.0.1:${port}`, connection: "close", ...request.headers };
  const length = request.contentLength === undefined ? body?.length : request.contentLength;
  if (length !== undefined && length !== null) headers["content-length"] = String(length);
  const head = `${request.method} ${request.path} HTTP/1.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("")}\r\n`;
  const toSend = body === undefined ? undefined : request.sendBytes === undefined ? body : body.subarray(0, request.sendBytes);

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const socket = connect({ host: "127.0.0.1", port });
    const finish = (reason: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(parse(Buffer.concat(chunks)) ?? { kind: "no-response", reason });
    };
    const timer = setTimeout(() => finish("timeout"), timeoutMs);
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      if (complete(Buffer.concat(chunks))) finish("complete");
    });
    socket.on("end", () => finish("closed"));
    socket.on("close", () => finish("closed"));
    // A server may answer (413, say) and close while the body is still going out: what it sent counts.
    socket.on("error", (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
    socket.on("connect", () => {
      // One write: head and body in two would wait on Nagle and the server's delayed ACK (~40 ms).
      socket.setNoDelay(true);
      socket.write(toSend ? Buffer.concat([Buffer.from(head, "latin1"), toSend]) : Buffer.from(head, "latin1"));
      if (request.sendBytes !== undefined) socket.end();
    });
  });
}
