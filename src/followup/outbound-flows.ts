/**
 * The outbound flows a server can place calls on, by name: `serve --flow reminder=reminder.yaml`
 * loads one under `reminder`; `call --flow` and campaigns name it by that name or by the path it
 * was loaded from. Each gives the Send Callflow body of a request: makeCall to the callee, then
 * the flow's entry prompt rendered with the request's variables (`outboundCallflow`).
 *
 * @example
 * const flows = new OutboundFlows();
 * flows.add("reminder", "flows/reminder.yaml", app);
 * flows.callflowFor(request); // { callflow: [makeCall, sayAndCapture], clientActionId }
 */
import { resolve } from "node:path";
import { outboundCallflow, templateExpressions, type FlowApp } from "../ivr/index.js";
import type { OutboundRequest } from "../store/index.js";
import { parseRetryPolicy, type RetryPolicy, type RetryPolicySpec } from "./retry-policy.js";

interface Loaded {
  name: string;
  path: string | null;
  app: FlowApp;
  policy: RetryPolicy;
}

/** An outbound flow name that no loaded flow has; `known` lists the names that exist. */
export class UnknownFlowError extends Error {
  constructor(
    readonly flow: string,
    readonly known: readonly string[],
  ) {
    super(`flow "${flow}" is not loaded by this server (loaded: ${known.length > 0 ? known.join(", ") : "none"}); start serve with --flow ${flow}=<file.yaml>`);
    this.name = "UnknownFlowError";
  }
}

/** The outbound flows a server places calls on, by name and by path (see the module comment). */
export class OutboundFlows {
  private readonly byName = new Map<string, Loaded>();
  private readonly byPath = new Map<string, Loaded>();
  private defaultName: string | null = null;

  /**
   * Adds a flow under `name` (the first one added is the default); `path` lets calls name it by
   * file too. Its `retry:` block is read now: a policy that cannot work throws RetryPolicyError.
   */
  add(name: string, path: string | null, app: FlowApp): void {
    const policy = parseRetryPolicy((app.flow.retry ?? {}) as RetryPolicySpec);
    const loaded = { name, path: path === null ? null : resolve(path), app, policy };
    this.byName.set(name, loaded);
    if (loaded.path !== null) this.byPath.set(loaded.path, loaded);
    this.defaultName ??= name;
  }

  /** The names of the loaded flows. */
  names(): string[] {
    return [...this.byName.keys()];
  }

  /**
   * The canonical name of a flow given by name or by path (relative to `cwd`), the default when
   * `flow` is absent; throws UnknownFlowError when there is none.
   */
  resolveName(flow: string | undefined, cwd: string = process.cwd()): string {
    if (flow === undefined) {
      if (this.defaultName === null) throw new UnknownFlowError("(default)", []);
      return this.defaultName;
    }
    const found = this.byName.get(flow) ?? this.byPath.get(resolve(cwd, flow));
    if (!found) throw new UnknownFlowError(flow, this.names());
    return found.name;
  }

  /** The retry policy of a flow (its `retry:` block over the defaults). */
  policyOf(name: string): RetryPolicy {
    return this.byName.get(this.resolveName(name))!.policy;
  }

  /** The variables a flow's templates read (`{{ vars.name }}` gives `name`), so a request can be checked before it is placed. */
  variablesOf(name: string): string[] {
    const loaded = this.byName.get(this.resolveName(name));
    const found = new Set<string>();
    collectTexts(loaded!.app.flow, (text) => {
      for (const expression of templateExpressions(text)) {
        const [root, variable] = expression.path.split(".");
        if (root === "vars" && variable) found.add(variable);
      }
    });
    return [...found].sort();
  }

  /** The Send Callflow body of a request (without clientRequestId and validUntil, which each attempt adds). */
  readonly callflowFor = (request: OutboundRequest) => {
    const loaded = this.byName.get(this.resolveName(request.flow));
    const body = outboundCallflow(loaded!.app, { from: request.from, to: request.to, scope: { vars: request.vars } });
    return body.clientActionId === undefined ? { callflow: body.callflow } : { callflow: body.callflow, clientActionId: body.clientActionId };
  };
}

/** Calls `visit` with every string in a flow. */
function collectTexts(node: unknown, visit: (text: string) => void): void {
  if (typeof node === "string") visit(node);
  else if (Array.isArray(node)) for (const item of node) collectTexts(item, visit);
  else if (typeof node === "object" && node !== null) for (const value of Object.values(node)) collectTexts(value, visit);
}
