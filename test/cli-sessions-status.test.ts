/**
 * `switchboard sessions --status` against a real server on loopback: a status the server refuses
 * (neither 8x8's, nor ACTIVE, nor one a stored session has) exits 2 naming the flag and the known
 * statuses, instead of printing "no sessions".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { echoApp } from "./echo-app.js";
import { SECRET } from "./fixtures/webhooks.js";
import { runCli } from "./cli-helpers.js";
import { startServer, tempDir, type Harness } from "./server-harness.js";

const dir = tempDir("switchboard-cli-status-");
let h: Harness;
beforeAll(async () => {
  h = await startServer(echoApp(), { dbPath: `${dir.path}/sessions.db` });
});
afterAll(async () => {
  await h?.close();
  dir.remove();
});

describe("switchboard sessions --status", () => {
  it("exits 2 for a status the server does not know, naming --status and the known ones", async () => {
    const result = await runCli(["sessions", "--status", "BOGUS", "--server", h.url], { env: { SWITCHBOARD_READ_AUTH: SECRET } });
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toBe(
      'error: --status: "BOGUS" is not a session status: expected ACTIVE, COMPLETED, BUSY, NO_ANSWER, FAILED, CANCELED, ERROR, COMPLETED_UNSUBSCRIBED, COMPLETED_UNSUB_ERROR, UNSUBSCRIBED_CONTACT, or one a stored session has [SB_CLI_INVALID_FLAG]\n',
    );
  });

  it("still answers no sessions for a documented status nobody has yet", async () => {
    const result = await runCli(["sessions", "--status", "busy", "--server", h.url], { env: { SWITCHBOARD_READ_AUTH: SECRET } });
    expect(result).toEqual({ code: 0, stdout: "no sessions\n", stderr: "" });
  });
});
