/**
 * Where `switchboard dev` and `switchboard serve` tell the user to find the dashboard: dev prints
 * a link carrying a one-time sign-in code that signs a browser in once (and the read token that
 * signs it in afterwards); serve prints the dashboard's address and never a secret.
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { startCli, tempDir, type RunningCli } from "./cli-helpers.js";

const FLOW = fileURLToPath(new URL("../examples/restaurant.yaml", import.meta.url));
const json = { "content-type": "application/json" };

describe("the dashboard's address on the command line", () => {
  let cli: RunningCli | undefined;
  const dir = tempDir();
  afterEach(async () => {
    await cli?.stop();
    cli = undefined;
  });

  it("dev prints a sign-in link that works once; the read token it prints signs in after that", async () => {
    copyFileSync(FLOW, join(dir, "ivr.yaml"));
    cli = startCli(["dev", "ivr.yaml", "--port", "0", "--simulator-port", "0", "--db", "sqlite::memory:", "--no-watch"], { cwd: dir, env: { LOG_LEVEL: "warn" } });
    const [, base, code] = await cli.waitFor(/^ {2}dashboard {4}(http:\/\/127\.0\.0\.1:\d+)\/\?code=([\w-]+) /m);
    const [, token] = await cli.waitFor(/SWITCHBOARD_READ_AUTH=(\S+) /);

    const signIn = (body: unknown) => fetch(`${base}/api/session`, { method: "POST", headers: json, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
    const first = await signIn({ code });
    expect(first.status).toBe(200);
    const cookie = (first.headers.get("set-cookie") ?? "").split(";")[0]!;
    expect((await fetch(`${base}/api/sessions`, { headers: { cookie } })).status).toBe(200);
    expect((await signIn({ code })).status).toBe(401);
    expect((await signIn({ secret: token })).status).toBe(200);
  });

  it("serve prints where the dashboard is, and not the secret", async () => {
    copyFileSync(FLOW, join(dir, "ivr.yaml"));
    const secret = "serve-secret-for-the-dashboard-test";
    cli = startCli(["serve", "ivr.yaml", "--port", "0", "--db", "sqlite::memory:"], { cwd: dir, env: { SWITCHBOARD_WEBHOOK_AUTH: secret, LOG_LEVEL: "warn" } });
    const [line] = await cli.waitFor(/^ {2}dashboard .*$/m);
    expect(line).toMatch(/^ {2}dashboard {5}http:\/\/127\.0\.0\.1:\d+\/ {2}\(sign in with the read secret\)$/);
    expect(cli.stdout()).not.toContain(secret);
  });
});
