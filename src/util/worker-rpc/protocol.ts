/**
 * What a worker-rpc client and its worker say to each other over the worker's own port. All of it
 * is plain data (structured clone): a worker cannot hand over class instances, so an error crosses
 * as `{ name, code, message }` and is rebuilt on the other side (see `RpcClientOptions.reviveError`).
 */

/** A call: run `method` of the worker's target with `args`; the reply carries the same `id`. */
export interface RpcRequest {
  rpc: "call";
  id: number;
  method: string;
  args: unknown[];
}

export interface WireError {
  name: string;
  /** The error's `code` property when it has a string one (a StoreError's, say); else null. */
  code: string | null;
  message: string;
}

export type RpcReply = { rpc: "reply"; id: number; ok: true; value: unknown } | { rpc: "reply"; id: number; ok: false; error: WireError };

/** The worker's first message: its target is ready, or could not be made (and the worker ends). */
export type RpcBoot = { rpc: "boot"; ok: true } | { rpc: "boot"; ok: false; error: WireError };

/** The method a client calls last: the target's own `close()` when it has one, then the thread ends. */
export const CLOSE_METHOD = "close";

export function toWireError(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: "Error", code: null, message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, code: typeof code === "string" ? code : null, message: error.message };
}

/** The default way back: an Error with the same name, message and code. */
export function reviveWireError(wire: WireError): Error {
  const error = new Error(wire.message);
  error.name = wire.name;
  if (wire.code !== null) Object.assign(error, { code: wire.code });
  return error;
}
