/**
 * The options of `switchboardPlugin` and `createServer`, their defaults, and the checks that
 * refuse an unsafe or broken configuration before the server starts.
 */
import type { FastifyBaseLogger } from "fastify";
import type { LoggerOptions } from "pino";
import type { CallActionEvent, IvrApp } from "../ivr/index.js";
import type { JobInput, Store, StoredVariables } from "../store/index.js";
import type { VcaAnswer } from "../voice/index.js";
import { ServerConfigError } from "./errors.js";

/**
 * What the webhook routes need wherever they are mounted (`switchboardPlugin`, and so
 * `createServer`): the IVR app and the store (required), the webhook secret (or `insecure` for
 * local use), and the limits, fallback and clock.
 */
export interface SwitchboardOptions {
  /** The IVR that answers VCAs: new calls get it (see `switchboardApps` to replace it). */
  app: IvrApp;
  /**
   * More IVRs the server holds (outbound flows, say): each answers the calls whose bookmarks it
   * made. New inbound calls still get `app`.
   */
  apps?: readonly IvrApp[];
  /** Where sessions, answers and summaries are kept. The caller closes it (see `closeStore`). */
  store: Store;
  /** The webhook secret: 8x8 sends it verbatim as the `Authorization` header. */
  authHeader?: string;
  /** Accept webhooks without a secret (local use only). Refused unless set explicitly. */
  insecure?: boolean;
  /** The secret the read API (`/api/*`) requires; defaults to `authHeader`. */
  readAuthHeader?: string;
  /** Source addresses allowed to post webhooks; off (everyone) when absent or empty. */
  allowlist?: readonly string[];
  /** Largest request body in bytes; default 64 KB. Larger bodies get 413. */
  bodyLimit?: number;
  /** How long the app may take to answer a VCA; default 2000 ms, then the fallback is sent. */
  handlerTimeoutMs?: number;
  /** What callers hear when the app fails and has no fallback of its own. */
  fallback?: VcaAnswer;
  /** The clock for stored times; tests inject their own. */
  now?: () => Date;
  /** Close the store when the server closes; default false (the caller opened it). */
  closeStore?: boolean;
  /**
   * The work a new summary leaves (retries of failed outbound calls, outcomes to forward), stored
   * in the summary's own transaction; a redelivered summary adds none. The followup module plugs
   * in here, so the server never imports it. Must not throw; called once per VSS.
   */
  summaryJobs?: (summary: { sessionId: string; payload: unknown; receivedAt: Date }) => JobInput[];
  /**
   * The variables an outbound session starts with, asked on an OUTBOUND VCA whose session has no
   * variables yet (the followup module answers with the request's, so every template of the flow
   * reads them). Null keeps them empty; a rejection is treated as null.
   */
  sessionVars?: (event: CallActionEvent) => Promise<StoredVariables | null>;
  /**
   * The web dashboard at `/` (under the prefix when mounted): served when its built files exist
   * (`npm run build` writes `dist/dashboard/`). `false` serves nothing there; `{ assetsDir }`
   * serves a build from another folder. See docs/dashboard.md.
   */
  dashboard?: false | { assetsDir?: string };
}

/**
 * What `createServer` takes: the routes' options (`SwitchboardOptions`) and the two that belong
 * to the Fastify instance itself, which a host app mounting `switchboardPlugin` sets on its own.
 */
export interface ServerOptions extends SwitchboardOptions {
  /** Read the client address from X-Forwarded-For (only behind a proxy you run). Fastify's option. */
  trustProxy?: boolean | string | string[];
  /** pino options (the authorization header is always redacted), a logger instance, or false. */
  logger?: LoggerOptions | FastifyBaseLogger | boolean;
  /**
   * How long `close()` may drain: answer requests on open connections, then close the store (with
   * `closeStore`); default 10000 ms, then remaining connections are destroyed. See docs/server.md,
   * "Stopping and draining".
   */
  drainTimeoutMs?: number;
}

/** The largest request body accepted by default: 64 KB; a larger one gets 413. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;
/** The app's default time budget to answer a VCA: 2000 ms, after which the caller gets the fallback. */
export const DEFAULT_HANDLER_TIMEOUT_MS = 2000;
export const DEFAULT_READ_PAGE_SIZE = 50;

/** Where the secret could appear in a log line; pino replaces it with "[redacted]". */
export const REDACTED_PATHS = [
  "req.headers.authorization",
  "request.headers.authorization",
  "headers.authorization",
  "authorization",
  "authHeader",
  "readAuthHeader",
  // The dashboard's session cookie is as good as the read secret while it lasts.
  "req.headers.cookie",
  "request.headers.cookie",
  "headers.cookie",
];

export interface ResolvedOptions {
  secret: string | null;
  readSecret: string | null;
  bodyLimit: number;
  handlerTimeoutMs: number;
  now: () => Date;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) {
    throw new ServerConfigError("SB_SERVER_BAD_OPTION", `${name}: ${value} is not a positive whole number`);
  }
  return value;
}

/** What a wrong value is, for a message: `undefined`, `a string`, `an object without answer()`. */
function described(value: unknown, method: string): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value !== "object") return `a ${typeof value}`;
  return `an object without ${method}()`;
}

/*
 * The app and the store are checked by shape because the plugin is also registered from plain
 * JavaScript, where a missing one would otherwise surface as a TypeError on the first webhook.
 */
function checkParts(options: SwitchboardOptions): void {
  if (typeof (options.app as Partial<SwitchboardOptions["app"]> | undefined)?.answer !== "function") {
    throw new ServerConfigError("SB_SERVER_BAD_OPTION", `app: ${described(options.app, "answer")} is not an IvrApp; expected an object with answer(event, ctx), such as loadIvr's`);
  }
  if (typeof (options.store as Partial<SwitchboardOptions["store"]> | undefined)?.loadForEvent !== "function") {
    throw new ServerConfigError("SB_SERVER_BAD_OPTION", `store: ${described(options.store, "loadForEvent")} is not a Store; expected one from openStore or openSqliteStore`);
  }
}

export function resolveOptions(options: SwitchboardOptions): ResolvedOptions {
  checkParts(options);
  if (options.authHeader !== undefined && options.authHeader.length === 0) {
    throw new ServerConfigError("SB_SERVER_NO_SECRET", "authHeader: the webhook secret is empty; set a long random value");
  }
  if (!options.authHeader && !options.insecure) {
    throw new ServerConfigError(
      "SB_SERVER_NO_SECRET",
      "no webhook secret: set authHeader (--auth-header or SWITCHBOARD_WEBHOOK_AUTH), or pass insecure (--insecure) for local use",
    );
  }
  const secret = options.authHeader ?? null;
  return {
    secret,
    readSecret: options.readAuthHeader || secret,
    bodyLimit: positiveInteger("bodyLimit", options.bodyLimit, DEFAULT_BODY_LIMIT),
    handlerTimeoutMs: positiveInteger("handlerTimeoutMs", options.handlerTimeoutMs, DEFAULT_HANDLER_TIMEOUT_MS),
    now: options.now ?? (() => new Date()),
  };
}
