// Starts a worker whose module is TypeScript source, for code run from `src/` (vitest, tsx):
// a Node 20 worker cannot load .ts, and `execArgv: ["--import", "tsx"]` does not reach it. So this
// plain JS file registers tsx's loader, then imports the module that `spawn.ts` named. The built
// package never uses it: its workers are .js.
import { workerData } from "node:worker_threads";

const { register } = await import("tsx/esm/api");
register();
await import(workerData.__tsEntry);
