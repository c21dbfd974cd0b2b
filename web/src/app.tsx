/**
 * The dashboard's shell: signs in (a code from the link, or the form), opens the live feed, and
 * shows the view the address names, with a header that says whether updates are live.
 */
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { listCampaigns, onSignedOut, phoneInfo, signIn, signInState, signOut } from "./api.js";
import type { PhoneInfo, SignInState } from "./api-types.js";
import { live, type LiveState } from "./live.js";
import { useRoute, type Route } from "./router.js";
import { CampaignsView } from "./views/campaigns.js";
import { FlowView } from "./views/flow.js";
import { PhoneView } from "./views/phone.js";
import { StatsView } from "./views/stats.js";
import { SessionView } from "./views/session.js";
import { SessionsView } from "./views/sessions.js";
import { SignIn } from "./views/sign-in.js";

/** The whole dashboard; `code` is a one-time sign-in code taken from the address, if any. */
export function App({ code }: { code: string | null }) {
  const route = useRoute();
  const [auth, setAuth] = useState<SignInState | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    const boot = async () => {
      if (code !== null) {
        try {
          setAuth(await signIn({ code }));
          return;
        } catch (error) {
          setNotice((error as Error).message);
        }
      }
      setAuth(await signInState());
    };
    boot().catch((error: Error) => setFailure(error.message));
  }, [code]);

  useEffect(
    () =>
      onSignedOut(() => {
        setNotice("Your session has ended (it expired, or the server restarted). Sign in again.");
        setAuth((current) => current && { ...current, signedIn: false, csrfToken: null });
      }),
    [],
  );

  const signedIn = auth?.signedIn === true;
  useEffect(() => {
    if (!signedIn) return;
    live.start();
    return () => live.stop();
  }, [signedIn]);

  // The dev phone exists only when `switchboard dev` serves the page (GET /api/phone answers 200).
  const [phone, setPhone] = useState<PhoneInfo | null | undefined>(undefined);
  useEffect(() => {
    if (signedIn) phoneInfo().then(setPhone, () => setPhone(null));
  }, [signedIn]);

  // The campaigns page exists only when the server has the outbound side (GET /api/campaigns answers).
  const [campaigns, setCampaigns] = useState(false);
  useEffect(() => {
    if (signedIn) listCampaigns(undefined, true).then((found) => setCampaigns(found !== null), () => setCampaigns(false));
  }, [signedIn]);

  if (failure !== null) {
    return (
      <main class="page narrow">
        <h1>Switchboard</h1>
        <p role="alert" class="error">{failure}</p>
      </main>
    );
  }
  if (auth === null) return <main class="page narrow" aria-busy="true"><p>Loading…</p></main>;
  if (!auth.signedIn) {
    return (
      <SignIn
        notice={notice}
        onSignedIn={(state) => {
          setNotice(null);
          setAuth(state);
        }}
      />
    );
  }
  const leave = async () => {
    setAuth(await signOut());
  };
  return (
    <Shell canSignOut={auth.authRequired} onSignOut={leave} view={route.name === "flow" || route.name === "phone" || route.name === "stats" || route.name === "campaigns" ? route.name : "sessions"} phone={phone != null} campaigns={campaigns}>
      <Routes route={route} filters={auth.filters} phone={phone} />
    </Shell>
  );
}

function Routes({ route, filters, phone }: { route: Route; filters: string[]; phone: PhoneInfo | null | undefined }) {
  if (route.name === "phone") return <PhoneView info={phone} />;
  if (route.name === "session") return <SessionView key={route.id} sessionId={route.id} />;
  if (route.name === "flow") return <FlowView key={route.fingerprint ?? ""} fingerprint={route.fingerprint} />;
  if (route.name === "stats") return <StatsView />;
  if (route.name === "campaigns") return <CampaignsView key={route.campaign ?? ""} name={route.campaign} />;
  return <SessionsView query={route.query} filters={filters} />;
}

function LiveBadge() {
  const [state, setState] = useState<LiveState>("off");
  useEffect(() => live.onState((next) => setState(next)), []);
  const label = state === "live" ? "Live" : state === "connecting" ? "Connecting…" : "Not live";
  return (
    <span class={`live live-${state}`} role="status" title={state === "live" ? "New calls appear as they happen" : "Updates paused; reload to see new calls"}>
      <span class="dot" aria-hidden="true" />
      {label}
    </span>
  );
}

function Shell({
  children,
  canSignOut,
  onSignOut,
  view,
  phone,
  campaigns,
}: {
  children: ComponentChildren;
  canSignOut: boolean;
  onSignOut: () => Promise<void>;
  view: "sessions" | "flow" | "phone" | "stats" | "campaigns";
  phone: boolean;
  campaigns: boolean;
}) {
  const main = useRef<HTMLElement>(null);
  return (
    <>
      <button type="button" class="skip" onClick={() => main.current?.focus()}>
        Skip to content
      </button>
      <header class="bar">
        <a class="brand" href="#/">
          Switchboard
        </a>
        <nav aria-label="Views">
          <a href="#/" aria-current={view === "sessions" ? "page" : undefined}>
            Sessions
          </a>
          <a href="#/flow" aria-current={view === "flow" ? "page" : undefined}>
            Flow
          </a>
          <a href="#/stats" aria-current={view === "stats" ? "page" : undefined}>
            Stats
          </a>
          {campaigns && (
            <a href="#/campaigns" aria-current={view === "campaigns" ? "page" : undefined}>
              Campaigns
            </a>
          )}
          {phone && (
            <a href="#/phone" aria-current={view === "phone" ? "page" : undefined}>
              Phone
            </a>
          )}
        </nav>
        <span class="spacer" />
        <LiveBadge />
        {canSignOut && (
          <button type="button" class="quiet" onClick={() => void onSignOut()}>
            Sign out
          </button>
        )}
      </header>
      <main id="main" class="page" tabIndex={-1} ref={main}>
        {children}
      </main>
    </>
  );
}
