/**
 * What the campaign end-to-end tests share: our server with the followup module (its control API
 * and dispatcher) on a real store, the simulator it places calls through (instant clock, real HTTP
 * on 127.0.0.1 both ways), the reminder flow, and small clients for the control API.
 */
import { VoiceClient } from "../../src/client/index.js";
import { createFollowup, OutboundFlows, type CampaignStatus } from "../../src/followup/index.js";
import { compileFlow, type Flow } from "../../src/ivr/index.js";
import { createServer, registerServerWebhooks, SANDBOX_API_KEY, SANDBOX_SUBACCOUNT } from "../../src/server/index.js";
import { startSimulator, type SimulatorOptions, type Simulator } from "../../src/simulator/index.js";
import type { StoreWithOutbound } from "../../src/store/index.js";

export const SECRET = "webhook-secret-0123456789";
export const CONTROL = "control-secret-0123456789";

/** Asks the callee to confirm (1) or to be called back (2); both end the call. */
export const reminder: Flow = {
  version: 1,
  name: "reminder",
  entry: "confirm",
  menus: {
    confirm: {
      prompt: "Hello {{vars.name}}, your table is booked for tonight. Press 1 to confirm, 2 to change it.",
      options: {
        "1": { say: "Thank you, see you tonight.", then: "hangup" },
        "2": { say: "We will call you back.", then: "hangup" },
      },
    },
  },
};

/** A server and its simulator. */
export interface CampaignPlatform {
  simulator: Simulator;
  store: StoreWithOutbound;
  url: string;
  close(): Promise<void>;
}

/** Starts the simulator and our server on `store` (closed with it), with the webhooks registered. */
export async function startCampaignPlatform(
  store: StoreWithOutbound,
  options: { simulator?: SimulatorOptions; maxCallRate?: number; simulatorInstance?: Simulator } = {},
): Promise<CampaignPlatform> {
  const simulator = options.simulatorInstance ?? (await startSimulator({ clock: "instant", ...options.simulator }));
  const app = compileFlow(reminder);
  const flows = new OutboundFlows();
  flows.add("reminder", null, app);
  const client = new VoiceClient({ apiKey: SANDBOX_API_KEY, subaccountId: SANDBOX_SUBACCOUNT, baseUrl: simulator.url, retries: 0 });
  const followup = createFollowup({
    store,
    flows,
    send: (input) => client.callflows.send(input),
    controlAuthHeader: CONTROL,
    intervalMs: 20,
    ...(options.maxCallRate ? { maxCallRate: options.maxCallRate } : {}),
  });
  const server = createServer({ app, store, authHeader: SECRET, logger: false, closeStore: true, ...followup.serverOptions });
  await followup.register(server);
  await server.listen({ port: 0, host: "127.0.0.1" });
  const address = server.server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  await registerServerWebhooks({ platformUrl: simulator.url, serverUrl: url, authHeader: SECRET });
  return {
    simulator,
    store,
    url,
    close: async () => {
      await server.close();
      if (!options.simulatorInstance) await simulator.close();
    },
  };
}

/** One request to the control API with the control secret; the answer's status and JSON body. */
export async function control(url: string, method: "GET" | "POST", path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url + path, {
    method,
    headers: { authorization: CONTROL, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Polls the campaign's status until `done` holds (bounded: `polls` polls of 50 ms). */
export async function untilCampaign(url: string, name: string, done: (status: CampaignStatus) => boolean, polls = 1200): Promise<CampaignStatus> {
  let status: CampaignStatus | undefined;
  for (let poll = 0; poll < polls; poll += 1) {
    status = (await control(url, "GET", `/api/campaigns/${name}`)).body as unknown as CampaignStatus;
    if (done(status)) return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`campaign ${name} did not get there: ${JSON.stringify(status)}`);
}

/** Outbound calls the platform placed, by number called. */
export function callsByNumber(simulator: Simulator): Map<string, ReturnType<Simulator["calls"]>> {
  const byNumber = new Map<string, ReturnType<Simulator["calls"]>>();
  for (const call of simulator.calls()) {
    if (call.direction !== "OUTBOUND") continue;
    byNumber.set(call.to, [...(byNumber.get(call.to) ?? []), call]);
  }
  return byNumber;
}
