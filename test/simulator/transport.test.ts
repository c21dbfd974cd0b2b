/**
 * `startSimulator({ webhookTransport })`: a whole call runs with no webhook server at all, each
 * delivery handed to the transport with the URL that was registered, and the simulator closes the
 * transport when it stops. (Real HTTP, the default, is what every other simulator test uses.)
 */
import { describe, expect, it } from "vitest";
import { startSimulator, type WebhookRequest, type WebhookTransport } from "../../src/simulator/index.js";
import { restaurant, WELCOME } from "./menu-app.js";

describe("a simulator with its own webhook transport", () => {
  it("delivers every webhook of a call through it, and closes it when the simulator closes", async () => {
    const delivered: { url: string; request: WebhookRequest }[] = [];
    let closed = 0;
    const transport: WebhookTransport = {
      async deliver(url, request) {
        delivered.push({ url, request });
        const answer = url.endsWith("/vca") ? restaurant(JSON.parse(request.body)) : {};
        return { status: 200, headers: { "content-type": "application/json" }, text: JSON.stringify(answer) };
      },
      close: () => void (closed += 1),
    };
    const sim = await startSimulator({ clock: "instant", webhookTransport: transport });
    try {
      for (const type of ["VCA", "VSS"] as const) sim.registerWebhook({ type, url: `http://ivr.invalid/${type.toLowerCase()}`, httpAuthHeader: "s3cret" });
      const call = await sim.dial({ to: "+6560000001", press: ["2"] });
      expect(call.heard).toEqual([WELCOME, "We are open from 9 to 5."]);
      expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", lastAction: "HANGUP" });
      expect(delivered.map((d) => d.url)).toEqual(["http://ivr.invalid/vca", "http://ivr.invalid/vca", "http://ivr.invalid/vss"]);
      expect(delivered.every((d) => d.request.headers.authorization === "s3cret")).toBe(true);
      expect(call.transcript.filter((e) => e.kind === "webhook").map((e) => (e as { status: number | null }).status)).toEqual([200, 200, 200]);
    } finally {
      await sim.close();
    }
    expect(closed).toBe(1);
  });
});
