/**
 * The test kit's errors, made by the one helper (`SwitchboardError`, src/util/) with
 * `SB_TESTING_*` codes that docs/errors.md explains: options `startTestPlatform` cannot use, a
 * call read before it ended, and the read API's refusals.
 *
 * @example
 * throw new TestingError("SB_TESTING_BAD_OPTION", "startTestPlatform: give one of flow, app or url");
 */
import { SwitchboardError, type LayerErrorCode } from "../util/index.js";

/**
 * An error of the test kit, with an `SB_TESTING_*` code.
 *
 * @example
 * await startTestPlatform({}).catch((e) => e.code); // "SB_TESTING_BAD_OPTION"
 */
export class TestingError extends SwitchboardError<LayerErrorCode<"TESTING">> {
  override readonly name: string = "TestingError";
}

/**
 * A read API call that failed: `status` is the HTTP status (null when the server could not be
 * reached), and the message carries the server's own (never the token).
 *
 * @example
 * await platform.sessions().catch((e) => e instanceof ReadApiError && e.status); // 401
 */
export class ReadApiError extends TestingError {
  override readonly name = "ReadApiError";
  constructor(
    code: LayerErrorCode<"TESTING">,
    message: string,
    readonly status: number | null,
  ) {
    super(code, message);
  }
}
