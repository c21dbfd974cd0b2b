/**
 * The outbound side of `switchboard dev`: the control API and the dispatcher run against dev's own
 * simulator (its sandbox subaccount and key), with a control token generated for this run and
 * printed beside the read token, so `switchboard call` works at once. Local to the run, like the
 * read token: leaking it lets someone place simulated calls, nothing more.
 */
import type { FastifyInstance } from "fastify";
import type { Followup } from "../followup/index.js";
import type { IvrApp } from "../ivr/index.js";
import type { StoreWithOutbound } from "../store/index.js";

/** What dev needs from its outbound side. */
export interface DevOutbound {
  /** The control token of this run (printed). */
  readonly token: string;
  /** For startIvrServer's `server` options. */
  readonly serverOptions: Followup["serverOptions"];
  /** For startIvrServer's `setup`. */
  setup(fastify: FastifyInstance): Promise<void>;
  /** Points the dispatcher at the simulator once it listens. */
  connect(simulatorUrl: string): void;
  /** Checks a reloaded flow's outbound side (its retry: block): throws what would stop it. */
  check(app: IvrApp): void;
  /** A reloaded flow (`dev --watch`): new outbound calls get it too. */
  use(app: IvrApp): void;
}

/** Null when the IVR is not a flow (a handlers module alone has no entry prompt to call out with). */
export async function devOutbound(app: IvrApp, store: StoreWithOutbound): Promise<DevOutbound | null> {
  if (typeof (app as { entry?: unknown }).entry !== "function") return null;
  const [{ createFollowup, OutboundFlows }, { VoiceClient }, { generateSecret, SANDBOX_API_KEY, SANDBOX_SUBACCOUNT }] = await Promise.all([
    import("../followup/index.js"),
    import("../client/index.js"),
    import("../server/index.js"),
  ]);
  const flows = new OutboundFlows();
  flows.add(app.name, null, app as IvrApp & import("../ivr/index.js").FlowApp);
  const token = generateSecret();
  let client: InstanceType<typeof VoiceClient> | undefined;
  const followup = createFollowup({
    store,
    flows,
    controlAuthHeader: token,
    send: (input) => {
      if (!client) return Promise.reject(new Error("the simulator is not started yet"));
      return client.callflows.send(input);
    },
  });
  return {
    token,
    serverOptions: followup.serverOptions,
    setup: (fastify) => followup.register(fastify),
    check(reloaded) {
      if (typeof (reloaded as { entry?: unknown }).entry === "function") new OutboundFlows().add(app.name, null, reloaded as IvrApp & import("../ivr/index.js").FlowApp);
    },
    use(reloaded) {
      if (typeof (reloaded as { entry?: unknown }).entry === "function") flows.add(app.name, null, reloaded as IvrApp & import("../ivr/index.js").FlowApp);
    },
    connect(simulatorUrl) {
      client = new VoiceClient({ apiKey: SANDBOX_API_KEY, subaccountId: SANDBOX_SUBACCOUNT, baseUrl: simulatorUrl, retries: 0 });
    },
  };
}
