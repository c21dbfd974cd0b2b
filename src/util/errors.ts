/**
 * The one way Switchboard makes an error a user can meet: a `SwitchboardError` whose `code` comes
 * from the catalogue (`ERROR_CODES`), so every code is declared once and documented once. Each
 * layer's classes (`VoiceClientError`, `StoreError`, `FlowError`, the CLI's `UsageError` ...)
 * extend it and narrow `code` to their layer's codes; a message names the field or value and
 * what is expected, and never carries a secret.
 *
 * @example
 * throw new SwitchboardError("SB_IVR_NO_FLOW", `${path}: defineIvr() has handlers but no flow; add flow: "./flow.yaml"`);
 *
 * class StoreError extends SwitchboardError<LayerErrorCode<"STORE">> {}
 */
import { ERROR_CODES } from "./error-codes.js";

/** Every code in the catalogue. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The layers a code names after `SB_`: where the rule that refused lives. */
export type ErrorLayer = "CLIENT" | "STORE" | "SERVER" | "IVR" | "SIM" | "TESTING" | "CLI";

/** The codes of one layer, e.g. `LayerErrorCode<"STORE">` is `"SB_STORE_UNAVAILABLE" | ...`. */
export type LayerErrorCode<L extends ErrorLayer> = Extract<ErrorCode, `SB_${L}_${string}`>;

/**
 * The base of every error a user can meet: a message that says what to do, and a stable `code`
 * to look up in docs/errors.md.
 *
 * @example
 * try { await loadIvr(path); } catch (e) { if (isSwitchboardError(e)) console.error(e.code); }
 */
export class SwitchboardError<C extends ErrorCode = ErrorCode> extends Error {
  override name = "SwitchboardError";
  readonly code: C;

  constructor(code: C, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** True for any error made by `SwitchboardError` or one of its subclasses. */
export function isSwitchboardError(error: unknown): error is SwitchboardError {
  return error instanceof SwitchboardError;
}

/**
 * The catalogue's codes of one layer, in catalogue order; layers that keep a list of their own
 * (e.g. `CLIENT_ERROR_CODES`) derive it here rather than declare the codes again.
 *
 * @example
 * codesOf("STORE"); // ["SB_STORE_UNAVAILABLE", "SB_STORE_BAD_URL", ...]
 */
export function codesOf<L extends ErrorLayer>(layer: L): readonly LayerErrorCode<L>[] {
  const prefix = `SB_${layer}_`;
  return Object.freeze((Object.keys(ERROR_CODES) as ErrorCode[]).filter((code): code is LayerErrorCode<L> => code.startsWith(prefix)));
}
