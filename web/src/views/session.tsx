/**
 * One session: what the caller did and heard, step by step (timeline.ts), the call's legs with
 * their quality, and the facts of its summary; for an outbound call, its request, attempts and
 * retries (session-outbound.tsx). Reloads itself while the call is live.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { findFlow, getSession } from "../api.js";
import type { ListedFlow, SessionDetail } from "../api-types.js";
import { pathOnGraph } from "../flow-path.js";
import { callSeconds, legsOf, summaryError } from "../call-facts.js";
import { formatDuration, formatMos, formatOffset, formatWhen, words } from "../format.js";
import { live } from "../live.js";
import { text } from "../read-fields.js";
import { buildTimeline, callStart, pathOf, type TimelineItem } from "../timeline.js";
import { FlowGraphView } from "./flow-graph.js";
import { SessionOutboundView } from "./session-outbound.js";
import { StatusBadge } from "./sessions.js";

const RELOAD_DELAY_MS = 200;
/** How often an outbound session whose request is still open is read again. */
const OUTBOUND_POLL_MS = 3000;

const ICONS: Record<TimelineItem["kind"], string> = {
  call: "☎",
  status: "•",
  keys: "#",
  "no-keys": "…",
  prompt: "♪",
  say: "♪",
  play: "▶",
  transfer: "⇄",
  hangup: "✕",
  fallback: "!",
  summary: "■",
  error: "!",
};

/** The page of the session `sessionId`. */
export function SessionView({ sessionId }: { sessionId: string }) {
  const [detail, setDetail] = useState<SessionDetail | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const abort = new AbortController();
    getSession(sessionId, abort.signal)
      .then((found) => {
        setDetail(found);
        setError(null);
      })
      .catch((failure: Error) => {
        if (failure.name !== "AbortError") setError(failure.message);
      });
    return () => abort.abort();
  }, [sessionId, reloads]);

  // Focus the heading once, when the page opens, so a screen reader announces where it is.
  const loaded = detail !== undefined;
  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [loaded]);

  useEffect(() => {
    let timer: number | undefined;
    const reload = () => {
      if (timer !== undefined) return;
      timer = window.setTimeout(() => {
        timer = undefined;
        setReloads((n) => n + 1);
      }, RELOAD_DELAY_MS);
    };
    const offEvent = live.onEvent((event) => {
      if (event.data.sessionId === sessionId) reload();
    });
    const offState = live.onState((_state, reconnected) => reconnected && reload());
    return () => {
      offEvent();
      offState();
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, [sessionId]);

  // An outbound call is settled after its summary (a retry scheduled, or its final outcome): look
  // again every few seconds while its request is still open.
  const open = detail?.outbound?.request.state === "dialing" || detail?.outbound?.request.state === "scheduled";
  useEffect(() => {
    if (!open) return;
    const timer = window.setInterval(() => setReloads((n) => n + 1), OUTBOUND_POLL_MS);
    return () => window.clearInterval(timer);
  }, [open]);

  if (error !== null) {
    return (
      <section>
        <BackLink />
        <h1>Session</h1>
        <p class="error" role="alert">
          Could not load the session: {error}
        </p>
      </section>
    );
  }
  if (detail === undefined) return <p aria-busy="true">Loading…</p>;
  if (detail === null) {
    return (
      <section>
        <BackLink />
        <h1 ref={heading} tabIndex={-1}>
          No such session
        </h1>
        <p>The server has no session {sessionId}.</p>
      </section>
    );
  }

  const { session, summary } = detail;
  const items = buildTimeline(detail);
  const start = callStart(detail, items);
  const legs = legsOf(summary);
  const error_ = summaryError(summary);
  return (
    <section aria-labelledby="session-title">
      <BackLink />
      <h1 id="session-title" ref={heading} tabIndex={-1}>
        Call from <span class="number">{session.source ?? "unknown"}</span> to <span class="number">{session.destination ?? "unknown"}</span>
      </h1>
      <dl class="facts">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={session.status} />
            {session.outcome ? <span class="muted"> outcome: {session.outcome}</span> : null}
          </dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>
            <time dateTime={session.createdAt} title={session.createdAt}>
              {formatWhen(session.createdAt)}
            </time>
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{summary ? formatDuration(callSeconds(summary)) : "in progress"}</dd>
        </div>
        <div>
          <dt>Direction</dt>
          <dd>{session.callDirection ? words(session.callDirection) : "—"}</dd>
        </div>
        <div>
          <dt>Last action</dt>
          <dd>{text(summary?.payload, "lastAction") ?? "—"}</dd>
        </div>
        <div>
          <dt>Flow</dt>
          <dd>
            <code>{session.flowFingerprint ?? "—"}</code>
          </dd>
        </div>
        <div>
          <dt>Session id</dt>
          <dd>
            <code>{session.sessionId}</code>
          </dd>
        </div>
        {error_ !== null && (
          <div>
            <dt>Error</dt>
            <dd class="error">{error_}</dd>
          </div>
        )}
      </dl>

      {detail.outbound && <SessionOutboundView outbound={detail.outbound} sessionId={session.sessionId} />}

      <h2>Timeline</h2>
      <ol class="timeline" aria-label="What happened, in order">
        {items.map((item) => (
          <li class={`item item-${item.kind}${item.retry ? " retry" : ""}`}>
            <span class="icon" aria-hidden="true">
              {ICONS[item.kind]}
            </span>
            <span class="when" title={item.callTime ? `${item.callTime} on the call; received ${item.at}` : `received ${item.at}`}>
              {item.callTime ? formatOffset(Date.parse(item.callTime) - start) : ""}
            </span>
            <span class="what">
              <strong>{item.title}</strong>
              {item.menu && <span class="chip">menu {item.menu}</span>}
              {item.retry && <span class="chip warn">retry</span>}
              {item.detail && <span class="detail">{item.detail}</span>}
            </span>
          </li>
        ))}
      </ol>
      {session.status === "ACTIVE" && <p class="hint">The call is in progress: this page updates as it goes.</p>}

      {session.flowFingerprint !== null && <SessionPath detail={detail} fingerprint={session.flowFingerprint} />}

      {legs.length > 0 && (
        <>
          <h2>Legs and call quality</h2>
          <div class="table-wrap">
            <table class="legs">
              <caption class="visually-hidden">The call's legs and their quality</caption>
              <thead>
                <tr>
                  <th scope="col">Leg</th>
                  <th scope="col">From</th>
                  <th scope="col">To</th>
                  <th scope="col">Status</th>
                  <th scope="col">Connected</th>
                  <th scope="col">
                    <abbr title="Mean opinion score, 1 to 5">MOS</abbr>
                  </th>
                  <th scope="col">Packet loss</th>
                  <th scope="col">Jitter</th>
                </tr>
              </thead>
              <tbody>
                {legs.map((leg) => (
                  <tr>
                    <td data-label="Leg">{leg.name}</td>
                    <td data-label="From" class="number">{leg.source ?? "—"}</td>
                    <td data-label="To" class="number">{leg.destination ?? "—"}</td>
                    <td data-label="Status">{leg.status ? words(leg.status) : "—"}</td>
                    <td data-label="Connected">{formatDuration(leg.durationSeconds)}</td>
                    <td data-label="MOS">{formatMos(leg.mos)}</td>
                    <td data-label="Packet loss">{leg.packetLossRate === null ? "—" : `${(leg.packetLossRate * 100).toFixed(1)} %`}</td>
                    <td data-label="Jitter">{leg.jitterMs === null ? "—" : `${leg.jitterMs} ms`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** The flow's graph with the way this session went through it drawn strong. */
function SessionPath({ detail, fingerprint }: { detail: SessionDetail; fingerprint: string }) {
  const [flow, setFlow] = useState<ListedFlow | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    findFlow(fingerprint)
      .then((found) => live && setFlow(found))
      .catch(() => live && setFlow(null));
    return () => {
      live = false;
    };
  }, [fingerprint]);
  const steps = pathOf(detail);
  const path = useMemo(() => (flow?.graph ? pathOnGraph(flow.graph, steps) : undefined), [flow, JSON.stringify(steps)]);
  if (flow === undefined) return null;
  return (
    <>
      <h2>Path through the flow</h2>
      {flow === null || flow.graph === null || path === undefined ? (
        <p class="hint">
          The flow that answered this call (<code>{fingerprint}</code>) is not loaded in this server any more, so its graph cannot be drawn.
        </p>
      ) : (
        <>
          <p class="hint">
            <a href={`#/flow/${fingerprint}`}>{flow.name}</a>: what this call took is drawn strong{path.replayed.size > 0 ? "; a menu asked again is outlined" : ""}.
          </p>
          <FlowGraphView graph={flow.graph} path={path} label={`The path of this call through ${flow.name}: ${describePath(steps)}`} />
        </>
      )}
    </>
  );
}

/** The path in words, for assistive technology: `main_menu, key 3, end`. */
function describePath(steps: ReturnType<typeof pathOf>): string {
  return steps
    .map((step) => (step.menu === null ? `starts in ${step.nextMenu ?? "no menu"}` : `in ${step.menu} ${step.keys === null ? "no key" : `key ${step.keys}`}, then ${step.nextMenu ?? "the call leaves the menus"}`))
    .join("; ");
}

function BackLink() {
  return (
    <p class="back">
      <a href="#/">← All sessions</a>
    </p>
  );
}
