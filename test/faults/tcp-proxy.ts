/**
 * A TCP proxy on 127.0.0.1 in front of a real server (PostgreSQL here), which a test can cut and
 * restore: `cut()` stops listening (new connections are refused, ECONNREFUSED, as from a database
 * that is down) and resets every open connection through it (as a database restart does to its
 * clients); `restore()` listens on the same port again. The database itself is never touched, so
 * other tests sharing it carry on.
 *
 * @example
 * const proxy = await startTcpProxy(5432);
 * const store = await openPostgresStore({ connectionString: `postgres://postgres@127.0.0.1:${proxy.port}/test` });
 * await proxy.cut(); // the store is unreachable
 * await proxy.restore();
 */
import { connect, createServer, type Server, type Socket } from "node:net";

export interface TcpProxy {
  readonly port: number;
  /** Refuses new connections and resets the open ones. */
  cut(): Promise<void>;
  /** Accepts connections again, on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a proxy to 127.0.0.1:`targetPort` on a free loopback port. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const open = new Set<Socket>();
  const track = (socket: Socket) => {
    open.add(socket);
    socket.once("close", () => open.delete(socket));
    socket.on("error", () => socket.destroy());
  };
  const makeServer = () =>
    createServer((client) => {
      const upstream = connect({ host: "127.0.0.1", port: targetPort });
      track(client);
      track(upstream);
      client.pipe(upstream);
      upstream.pipe(client);
      client.once("close", () => upstream.destroy());
      upstream.once("close", () => client.destroy());
    });
  const listen = (server: Server, port: number) => new Promise<void>((done, fail) => server.once("error", fail).listen(port, "127.0.0.1", () => done()));
  let server: Server | null = makeServer();
  await listen(server, 0);
  const port = (server.address() as { port: number }).port;

  const stop = async () => {
    const closing = server;
    server = null;
    if (closing) {
      const closed = new Promise<void>((done) => closing.close(() => done()));
      for (const socket of open) socket.resetAndDestroy();
      await closed;
    }
  };
  return {
    port,
    cut: stop,
    async restore() {
      if (server) return;
      server = makeServer();
      await listen(server, port);
    },
    close: stop,
  };
}
