/**
 * A `Remote` over an object in this thread, for tests of what sits on top of worker-rpc (the
 * write-behind store) without a worker: calls run in order, each after the ones before it, and
 * results arrive asynchronously, as over a port. `hold()` keeps calls waiting until `release()`,
 * so a test can look at the database while a commit is in flight.
 */
import type { MethodName, Methods, Remote } from "../src/util/index.js";

export interface InThreadRemote<T> extends Remote<T> {
  hold(): void;
  release(): void;
}

export function inThreadRemote<T extends object>(target: T): InThreadRemote<T> {
  let tail: Promise<unknown> = Promise.resolve();
  let gate: Promise<void> = Promise.resolve();
  let open: () => void = () => undefined;
  let refusal: string | null = null;
  return {
    get refusal() {
      return refusal;
    },
    onExit() {},
    call<K extends MethodName<T>>(method: K, ...args: Parameters<Methods<T>[K]>) {
      const run = async () => {
        await gate;
        return (target[method] as (...a: unknown[]) => unknown)(...args);
      };
      const result = tail.then(run, run);
      tail = result.catch(() => undefined);
      return result as ReturnType<Methods<T>[K]>;
    },
    async close() {
      refusal = "closed";
      await tail;
      (target as { close?: () => void }).close?.();
    },
    hold() {
      gate = new Promise((resolve) => (open = resolve));
    },
    release() {
      open();
    },
  };
}
