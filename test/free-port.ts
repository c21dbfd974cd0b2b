/**
 * Loopback ports for tests: one that is free now (for a server a test starts with a fixed port),
 * and a URL nothing listens on (for a server that is down). Both bind a port and release it.
 *
 * @example
 * const url = await deadUrl("/webhooks/vca"); // http://127.0.0.1:41234/webhooks/vca, connection refused
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** `http://127.0.0.1:<a port nothing listens on><path>`: requests to it are refused. */
export async function deadUrl(path = ""): Promise<string> {
  return `http://127.0.0.1:${await freePort()}${path}`;
}
