/**
 * How the dev phone (dev-phone.ts) reaches `switchboard dev`'s simulator: its control API over
 * loopback HTTP, each request bounded in time, and the simulator's refusals turned into the
 * dashboard's error body (`{ error: { code, message, field? } }`) with the simulator's status and
 * code, so the page reads every refusal one way.
 *
 * @example
 * const answer = await upstreamJson(simulatorUrl, "POST", "/_sim/calls", { to, interactive: true });
 * reply.code(answer.status).send(answer.body);
 */

/** How long one control request to the simulator may take. */
const UPSTREAM_TIMEOUT_MS = 10_000;

/** An answer to relay: the status and the body to send. */
export interface Relayed {
  status: number;
  body: unknown;
}

/** The dashboard's error body. */
export function phoneError(code: string, message: string, field?: string): { error: { code: string; message: string; field?: string } } {
  return { error: field === undefined ? { code, message } : { code, message, field } };
}

/** The simulator could not be reached (or is not started yet): 502, with the reason. */
export function unreachable(why: string): Relayed {
  return { status: 502, body: phoneError("SB_CLI_SIMULATOR_UNREACHABLE", `the dev phone cannot reach switchboard dev's simulator: ${why}`) };
}

/** The simulator's `{ statusCode, code, message }` refusal in the dashboard's shape; the field is the message's first word when it names one. */
function fromSimulator(status: number, body: unknown): Relayed {
  const refusal = (typeof body === "object" && body !== null ? body : {}) as { code?: unknown; message?: unknown };
  const message = typeof refusal.message === "string" ? refusal.message : `the simulator answered HTTP ${status}`;
  const code = typeof refusal.code === "string" ? refusal.code : "SB_CLI_CALL_FAILED";
  const field = /^([A-Za-z][\w.[\]]*): /.exec(message)?.[1];
  return { status, body: phoneError(code, message, field) };
}

/** Sends a JSON request to the simulator and relays its answer: 2xx as it came, refusals reshaped, no answer as 502. */
export async function upstreamJson(simulatorUrl: string, method: "GET" | "POST", path: string, body?: unknown): Promise<Relayed> {
  let response: Response;
  try {
    response = await fetch(`${simulatorUrl}${path}`, {
      method,
      headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    });
  } catch (error) {
    return unreachable((error as Error).name === "TimeoutError" ? `no answer within ${UPSTREAM_TIMEOUT_MS} ms` : (error as Error).message);
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    return unreachable(`it answered HTTP ${response.status} without JSON`);
  }
  return response.ok ? { status: response.status, body: json } : fromSimulator(response.status, json);
}

/** Opens the simulator's event stream for a session (`controller` aborts it); the response when it is 200, else the refusal to relay. */
export async function upstreamEvents(simulatorUrl: string, sessionId: string, controller: AbortController): Promise<Response | Relayed> {
  let response: Response;
  // The stream itself lasts as long as the call; only its opening is bounded (a timer cleared once the headers came).
  let late = false;
  const timer = setTimeout(() => {
    late = true;
    controller.abort();
  }, UPSTREAM_TIMEOUT_MS);
  try {
    response = await fetch(`${simulatorUrl}/_sim/sessions/${encodeURIComponent(sessionId)}/events`, { headers: { accept: "text/event-stream" }, signal: controller.signal });
  } catch (error) {
    return unreachable(late ? `no answer within ${UPSTREAM_TIMEOUT_MS} ms` : (error as Error).message);
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 200 && response.body) return response;
  const json: unknown = await response.json().catch(() => ({}));
  return fromSimulator(response.status, json);
}
