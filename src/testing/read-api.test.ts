/**
 * The read API client's answers and refusals, each with its `SB_TESTING_*` code, over a GET
 * function (no server), and over HTTP to a port nothing listens on.
 */
import { describe, expect, it } from "vitest";
import { deadUrl } from "../../test/free-port.js";
import { ReadApiError } from "./errors.js";
import { readApi, readApiOver } from "./read-api.js";

const answering = (status: number, body: unknown) => readApiOver(async () => ({ status, body }));

describe("the read API client", () => {
  it("reads a session, and null for a 404 the read API itself gave", async () => {
    expect(await answering(200, { session: { sessionId: "s1" } }).session("s1")).toEqual({ session: { sessionId: "s1" } });
    expect(await answering(404, { error: { code: "SB_SERVER_NOT_FOUND", message: "no such session" } }).session("s1")).toBeNull();
  });

  it.each([
    [401, { error: { code: "SB_SERVER_AUTH_REQUIRED", message: "missing or wrong Authorization" } }, "SB_TESTING_READ_AUTH_REFUSED", /list sessions: HTTP 401: missing or wrong Authorization \(wrong or missing read token\)/],
    [404, { message: "Route GET:/api/sessions not found" }, "SB_TESTING_NO_READ_API", /HTTP 404: Route GET:\/api\/sessions not found \(is it a switchboard server with the read API\?\)/],
    [503, { error: { code: "SB_SERVER_STORE_UNAVAILABLE", message: "the store is unavailable" } }, "SB_TESTING_READ_API_FAILED", /list sessions: HTTP 503: the store is unavailable$/],
  ])("refuses an HTTP %i with a ReadApiError naming it", async (status, body, code, message) => {
    const error = await answering(status, body).sessions().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReadApiError);
    expect(error).toMatchObject({ code, status });
    expect((error as Error).message).toMatch(message);
  });

  it("says so when nothing answers at the server's URL (status null)", async () => {
    const error = await readApi(await deadUrl(), "token").sessions().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "ReadApiError", code: "SB_TESTING_READ_API_UNREACHABLE", status: null });
    expect((error as Error).message).not.toContain("token");
  });
});
