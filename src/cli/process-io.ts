/**
 * The binary's `CliIo`: the process's own streams, environment and directory, and a stop signal
 * that SIGINT and SIGTERM abort. This file and `main.ts` are the only ones in `cli/` that touch
 * `process`; commands see only the `CliIo`.
 */
import { getEventListeners } from "node:events";
import type { CliIo } from "./io.js";

const STOP_SIGNALS = ["SIGINT", "SIGTERM"] as const;

/**
 * The process's io. The first SIGINT or SIGTERM aborts `signal` with the signal's name, so a
 * long-running command closes what it started and the process exits 0. When no command waits
 * for a stop (a `dial` in flight), or on a second signal while closing, the signal gets its
 * default meaning back and ends the process at once, as it would without this handler.
 */
export function processIo(): CliIo {
  const controller = new AbortController();
  const handlers = new Map<NodeJS.Signals, () => void>();
  for (const name of STOP_SIGNALS) {
    const handler = () => {
      // A waiting command listens on the signal (untilStopped); getEventListeners is Node's one way to ask.
      if (!controller.signal.aborted && getEventListeners(controller.signal, "abort").length > 0) {
        controller.abort(name);
        return;
      }
      for (const [signal, listener] of handlers) process.removeListener(signal, listener);
      process.kill(process.pid, name);
    };
    handlers.set(name, handler);
    process.on(name, handler);
  }
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), signal: controller.signal };
}
