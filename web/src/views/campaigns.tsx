/**
 * The campaigns page (`#/campaigns`): every campaign with its state, settings, a progress bar and
 * its counts, kept current (the live feed's `summary` and `outcome` events, throttled, and a poll
 * every few seconds while one runs); and one campaign (`#/campaigns/<name>`): the same, with its
 * contacts' outcomes (the export's first page) linking to their sessions. Read-only: starting,
 * pausing and canceling take the control secret, which the dashboard never holds.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { campaignRows, getCampaign, listCampaigns } from "../api.js";
import type { CampaignRowsPage, CampaignStatus } from "../api-types.js";
import { formatDuration, formatWhen } from "../format.js";
import { live } from "../live.js";
import { campaignHref, sessionHref } from "../router.js";
import { StatusBadge } from "./sessions.js";

/** Contacts shown on a campaign's page. */
const ROWS_SHOWN = 50;
/** Reads again at most this often on live events. */
const EVENT_RELOAD_MS = 1000;
/** And this often while a campaign runs (its retries and settling happen between events). */
const RUNNING_POLL_MS = 3000;

/** The counts of the live display, in its order. */
const COUNTS: { key: keyof CampaignStatus["progress"]; label: string }[] = [
  { key: "placed", label: "Placed" },
  { key: "inProgress", label: "In progress" },
  { key: "completed", label: "Completed" },
  { key: "unreachable", label: "Unreachable" },
  { key: "failed", label: "Failed" },
  { key: "error", label: "Error" },
  { key: "canceled", label: "Canceled" },
  { key: "retrying", label: "Retrying" },
  { key: "left", label: "Left" },
];

/** A counter bumped on live events (throttled) and, while `running`, every few seconds. */
function useRefresh(running: boolean): number {
  const [reloads, setReloads] = useState(0);
  useEffect(() => {
    let timer: number | undefined;
    const reload = () => {
      if (timer !== undefined) return;
      timer = window.setTimeout(() => {
        timer = undefined;
        setReloads((n) => n + 1);
      }, EVENT_RELOAD_MS);
    };
    const offEvent = live.onEvent((event) => {
      if (event.type === "summary" || event.type === "outcome") reload();
    });
    const offState = live.onState((_state, reconnected) => reconnected && reload());
    return () => {
      offEvent();
      offState();
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, []);
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => setReloads((n) => n + 1), RUNNING_POLL_MS);
    return () => window.clearInterval(timer);
  }, [running]);
  return reloads;
}

/** The page: the list, or one campaign when `name` is given. */
export function CampaignsView({ name }: { name: string | null }) {
  return name === null ? <CampaignList /> : <CampaignPage name={name} />;
}

function ReadOnlyNote() {
  return (
    <p class="hint read-only">
      This page only reads. Starting, pausing, resuming and canceling a campaign take the control secret, which the dashboard never holds: use{" "}
      <code>switchboard campaign start|pause|resume|cancel &lt;name&gt;</code> with <code>--control-auth-header</code> (or <code>SWITCHBOARD_CONTROL_AUTH</code>).
    </p>
  );
}

function CampaignList() {
  const [campaigns, setCampaigns] = useState<CampaignStatus[] | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const running = campaigns?.some((campaign) => campaign.state === "RUNNING") ?? false;
  const reloads = useRefresh(running);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const abort = new AbortController();
    listCampaigns(abort.signal)
      .then((found) => {
        setCampaigns(found);
        setError(null);
      })
      .catch((failure: Error) => failure.name !== "AbortError" && setError(failure.message));
    return () => abort.abort();
  }, [reloads]);

  const loaded = campaigns !== undefined;
  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [loaded]);

  return (
    <section aria-labelledby="campaigns-title">
      <h1 id="campaigns-title" ref={heading} tabIndex={-1}>
        Campaigns
      </h1>
      {error !== null && (
        <p class="error" role="alert">
          Could not load the campaigns: {error}
        </p>
      )}
      {campaigns === undefined && error === null && <p aria-busy="true">Loading…</p>}
      {campaigns === null && <p class="empty">This server has no outbound side, so it has no campaigns.</p>}
      {campaigns && campaigns.length === 0 && (
        <p class="empty">
          No campaign yet. Start one with <code>switchboard campaign start contacts.csv --from &lt;number&gt;</code>.
        </p>
      )}
      {campaigns && campaigns.length > 0 && (
        <div class="campaigns">
          {campaigns.map((campaign) => (
            <CampaignCard campaign={campaign} link />
          ))}
        </div>
      )}
      <ReadOnlyNote />
    </section>
  );
}

/** A campaign's settings, progress bar and counts; its name links to its page when `link`. */
function CampaignCard({ campaign, link }: { campaign: CampaignStatus; link: boolean }) {
  const percent = campaign.total === 0 ? 100 : Math.round((campaign.done / campaign.total) * 100);
  const titleId = `campaign-${campaign.name.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  return (
    <article class="campaign" aria-labelledby={titleId} data-campaign={campaign.name}>
      <header class="campaign-head">
        <h2 id={titleId}>{link ? <a href={campaignHref(campaign.name)}>{campaign.name}</a> : campaign.name}</h2>
        <StatusBadge status={campaign.state} />
      </header>
      <dl class="facts campaign-settings">
        <div>
          <dt>Flow</dt>
          <dd>{campaign.flow}</dd>
        </div>
        <div>
          <dt>From</dt>
          <dd class="number">{campaign.from}</dd>
        </div>
        <div>
          <dt>Rate</dt>
          <dd>{campaign.rate} calls/s</dd>
        </div>
        <div>
          <dt>Concurrency</dt>
          <dd>{campaign.concurrency} at once</dd>
        </div>
        <div>
          <dt>Window</dt>
          <dd>{campaign.window === null ? "any time" : `${campaign.window}${campaign.timezone ? ` ${campaign.timezone}` : ""}`}</dd>
        </div>
        <div>
          <dt>Attempts</dt>
          <dd>up to {campaign.maxAttempts}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>
            <time dateTime={campaign.createdAt} title={campaign.createdAt}>
              {formatWhen(campaign.createdAt)}
            </time>
          </dd>
        </div>
      </dl>
      <div class="campaign-progress">
        <label for={`${titleId}-progress`}>
          {campaign.done} of {campaign.total} done ({percent} %)
        </label>
        <progress id={`${titleId}-progress`} max={Math.max(campaign.total, 1)} value={campaign.total === 0 ? 1 : campaign.done} />
      </div>
      <dl class="counts-line" aria-label={`${campaign.name}: counts`}>
        {COUNTS.map(({ key, label }) => (
          <div data-count={key}>
            <dt>{label}</dt>
            <dd>{campaign.progress[key]}</dd>
          </div>
        ))}
      </dl>
    </article>
  );
}

function CampaignPage({ name }: { name: string }) {
  const [campaign, setCampaign] = useState<CampaignStatus | null | undefined>(undefined);
  const [rows, setRows] = useState<CampaignRowsPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reloads = useRefresh(campaign?.state === "RUNNING");
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const abort = new AbortController();
    Promise.all([getCampaign(name, abort.signal), campaignRows(name, ROWS_SHOWN, undefined, abort.signal).catch(() => null)])
      .then(([found, page]) => {
        setCampaign(found);
        setRows(page);
        setError(null);
      })
      .catch((failure: Error) => failure.name !== "AbortError" && setError(failure.message));
    return () => abort.abort();
  }, [name, reloads]);

  const loaded = campaign !== undefined;
  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [loaded]);

  return (
    <section aria-labelledby="campaign-title">
      <p class="back">
        <a href={campaignHref()}>← All campaigns</a>
      </p>
      <h1 id="campaign-title" ref={heading} tabIndex={-1}>
        Campaign {name}
      </h1>
      {error !== null && (
        <p class="error" role="alert">
          Could not load the campaign: {error}
        </p>
      )}
      {campaign === undefined && error === null && <p aria-busy="true">Loading…</p>}
      {campaign === null && <p>The server has no campaign {name}.</p>}
      {campaign && <CampaignCard campaign={campaign} link={false} />}
      {campaign && rows && <ContactRows page={rows} total={campaign.total} />}
      <ReadOnlyNote />
    </section>
  );
}

function ContactRows({ page, total }: { page: CampaignRowsPage; total: number }) {
  return (
    <>
      <h2>Contacts</h2>
      <div class="table-wrap">
        <table class="contacts">
          <caption class="visually-hidden">Each contact's outcome, in id order</caption>
          <thead>
            <tr>
              <th scope="col">Contact</th>
              <th scope="col">Phone</th>
              <th scope="col">Outcome</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last status</th>
              <th scope="col">Duration</th>
              <th scope="col">Digits</th>
              <th scope="col">Last session</th>
            </tr>
          </thead>
          <tbody>
            {page.rows.map((row) => (
              <tr data-contact={row.id}>
                <td data-label="Contact">{row.id}</td>
                <td data-label="Phone" class="number">{row.phone}</td>
                <td data-label="Outcome">
                  <StatusBadge status={row.outcome} />
                </td>
                <td data-label="Attempts">{row.attempts}</td>
                <td data-label="Last status">
                  {row.lastStatus ?? "—"}
                  {row.errorCode !== null ? ` ${row.errorCode}` : ""}
                </td>
                <td data-label="Duration">{formatDuration(row.durationSeconds)}</td>
                <td data-label="Digits">{row.digits.length > 0 ? row.digits.join(" ") : "—"}</td>
                <td data-label="Last session">{row.lastSessionId === null ? "—" : <a href={sessionHref(row.lastSessionId)} aria-label={`Open the last session of contact ${row.id}`}>open</a>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.next !== null && (
        <p class="hint">
          The first {page.rows.length} of {total} contacts. All of them: <code>switchboard campaign export &lt;name&gt;</code>, or{" "}
          <code>GET api/campaigns/&lt;name&gt;/export</code>.
        </p>
      )}
    </>
  );
}
