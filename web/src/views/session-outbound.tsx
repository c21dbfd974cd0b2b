/**
 * The outbound part of a session's page: the request that placed the call (who was called, from
 * where, on which flow and campaign, with which variables, where it stands and how it ended) and
 * its attempts with the retries between them, in time order (outbound-attempts.ts). Only for a
 * session an outbound call made; inbound sessions show nothing here.
 */
import type { SessionOutbound } from "../api-types.js";
import { formatWhen } from "../format.js";
import { outboundSteps, requestOutcome, type OutboundStep } from "../outbound-attempts.js";
import { campaignHref, sessionHref } from "../router.js";
import { StatusBadge } from "./sessions.js";

/** When something happened, short, with the full time on hover. */
function When({ at }: { at: string | null }) {
  if (at === null) return <>—</>;
  return (
    <time dateTime={at} title={at}>
      {formatWhen(at)}
    </time>
  );
}

/** The request and its attempts; `sessionId` is the page's session. */
export function SessionOutboundView({ outbound, sessionId }: { outbound: SessionOutbound; sessionId: string }) {
  const { request } = outbound;
  const vars = Object.entries(request.vars);
  const steps = outboundSteps(outbound, sessionId);
  return (
    <section aria-labelledby="outbound-title" class="outbound">
      <h2 id="outbound-title">Outbound call</h2>
      <dl class="facts">
        <div>
          <dt>Request</dt>
          <dd>
            <code>{request.requestId}</code>
          </dd>
        </div>
        <div>
          <dt>Called</dt>
          <dd class="number">{request.to}</dd>
        </div>
        <div>
          <dt>From</dt>
          <dd class="number">{request.from}</dd>
        </div>
        <div>
          <dt>Flow</dt>
          <dd>{request.flow}</dd>
        </div>
        <div>
          <dt>Campaign</dt>
          <dd>
            {request.campaign === null ? (
              "— (a single call)"
            ) : (
              <>
                <a href={campaignHref(request.campaign)}>{request.campaign}</a>
                {request.contactId !== null && <span class="muted"> contact {request.contactId}</span>}
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>State</dt>
          <dd>
            <StatusBadge status={request.state} />
          </dd>
        </div>
        <div>
          <dt>Outcome</dt>
          <dd data-testid="outbound-outcome">{requestOutcome(outbound)}</dd>
        </div>
        <div>
          <dt>Variables</dt>
          <dd>
            {vars.length === 0
              ? "none"
              : vars.map(([name, value], index) => (
                  <span>
                    {index > 0 ? ", " : ""}
                    <code>{name}</code> = {value}
                  </span>
                ))}
          </dd>
        </div>
      </dl>

      <h3>Attempts and retries</h3>
      <ol class="attempts" aria-label="The call's attempts and retries, in order">
        {steps.map((step) => (
          <StepItem step={step} />
        ))}
      </ol>
    </section>
  );
}

function StepItem({ step }: { step: OutboundStep }) {
  if (step.kind === "retry") {
    return (
      <li class={`attempt-retry${step.waiting ? " waiting" : ""}`} data-kind="retry">
        <strong>{step.waiting ? "Retry waiting" : "Retry scheduled"}</strong> after attempt {step.after}
        {step.scheduledAt !== null && (
          <>
            {" "}
            at <When at={step.scheduledAt} />
          </>
        )}
        : reason <code class="reason">{step.reason}</code>
        {step.nextAt !== null && (
          <span class="muted">
            {" "}
            · {step.waiting ? "next attempt not before" : "next attempt opened"} <When at={step.nextAt} />
          </span>
        )}
      </li>
    );
  }
  const { attempt, current, result } = step;
  return (
    <li class={`attempt${current ? " current" : ""}`} data-kind="attempt" data-attempt={attempt.attempt}>
      <div class="attempt-head">
        <strong>Attempt {attempt.attempt}</strong> <code>{attempt.clientRequestId}</code>
        {current && <span class="chip">this session</span>}
      </div>
      <div class="attempt-facts">
        <span>
          opened <When at={attempt.openedAt} />
        </span>
        <span>
          sent <When at={attempt.placedAt} />
        </span>
        <span>
          session{" "}
          {attempt.sessionId === null ? (
            "none"
          ) : current ? (
            <code>{attempt.sessionId}</code>
          ) : (
            <a href={sessionHref(attempt.sessionId)}>
              <code>{attempt.sessionId}</code>
            </a>
          )}
        </span>
        <span class="attempt-result">{result}</span>
      </div>
    </li>
  );
}
