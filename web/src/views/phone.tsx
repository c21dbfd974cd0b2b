/**
 * The dev phone (`#/phone`, only in `switchboard dev`): a keypad that calls the IVR through the
 * simulator, shows each prompt as text and speaks it (unless muted), sends keys as they are
 * pressed (clicked, or typed anywhere on the page), hangs up, and shows the transcript as it
 * happens and the summary at the end, with a link to the session the server stored.
 */
import { useEffect, useState } from "preact/hooks";
import { hangUpPhoneCall, placePhoneCall, sendPhoneKeys } from "../api.js";
import type { PhoneInfo } from "../api-types.js";
import { formatDuration, words } from "../format.js";
import { describeEntry, inCall, phaseText, type CallState } from "../phone-call.js";
import { KEYPAD, phoneKeyOf } from "../phone-keys.js";
import { PhoneSession } from "../phone-session.js";
import { readMuted, Speaker, writeMuted, type StorageLike } from "../phone-speech.js";
import { openPhoneStream } from "../phone-stream.js";
import { sessionHref } from "../router.js";

const FLASH_MS = 150;

function storage(): StorageLike | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function browserSpeaker(): Speaker {
  const synth = "speechSynthesis" in window ? window.speechSynthesis : null;
  const utterance =
    typeof SpeechSynthesisUtterance === "function"
      ? (text: string, lang: string | null) => {
          const spoken = new SpeechSynthesisUtterance(text);
          if (lang !== null) spoken.lang = lang;
          return spoken;
        }
      : null;
  return new Speaker(synth, utterance, readMuted(storage()));
}

let phone: PhoneSession | null = null;

/** The page's one phone, made when first shown; it lives as long as the page. */
function thePhone(): PhoneSession {
  phone ??= new PhoneSession({
    place: (call) => placePhoneCall(call),
    keys: (sessionId, keys) => sendPhoneKeys(sessionId, keys),
    hangUp: (sessionId) => hangUpPhoneCall(sessionId),
    stream: openPhoneStream,
    speaker: browserSpeaker(),
  });
  return phone;
}

function useCall(): CallState {
  const [state, setState] = useState<CallState>(() => thePhone().state);
  useEffect(() => thePhone().subscribe(setState), []);
  return state;
}

/** Whether keys typed in `target` are its own: a text field, a list, an editable element (not a checkbox or a button). */
function typesText(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === "SELECT" || target.tagName === "TEXTAREA") return true;
  return target instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit", "reset"].includes(target.type);
}

/** Keys typed anywhere on the page press the keypad, except in a field that takes them. */
function useKeyboard(onKey: (key: string) => void): void {
  useEffect(() => {
    const typed = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
      if (typesText(event.target)) return;
      const key = phoneKeyOf(event.key);
      if (key === null) return;
      event.preventDefault();
      onKey(key);
    };
    document.addEventListener("keydown", typed);
    return () => document.removeEventListener("keydown", typed);
  }, [onKey]);
}

/** The dev phone's page; `info` is undefined while asked, null when this server has no dev phone. */
export function PhoneView({ info }: { info: PhoneInfo | null | undefined }) {
  if (info === undefined) return <p aria-busy="true">Loading…</p>;
  if (info === null || info.numbers.length === 0) {
    return (
      <section>
        <h1>Dev phone</h1>
        <p>The dev phone calls your IVR through the simulator, so it is there only when the dashboard is served by <code>switchboard dev</code>.</p>
      </section>
    );
  }
  return <Phone info={info} />;
}

function Phone({ info }: { info: PhoneInfo }) {
  const call = useCall();
  // Back on the page during a call: the numbers of that call.
  const [to, setTo] = useState(() => thePhone().state.to ?? info.numbers[0]!.msisdn);
  const [from, setFrom] = useState(() => thePhone().state.from ?? info.from);
  const [muted, setMuted] = useState(() => thePhone().muted);
  const [flash, setFlash] = useState<string | null>(null);
  const [webhooks, setWebhooks] = useState(false);
  const live = call.phase === "ringing" || call.phase === "connected";
  const speaks = thePhone().canSpeak;

  const press = (key: string) => {
    if (!live) return;
    thePhone().press(key);
    setFlash(key);
    window.setTimeout(() => setFlash((current) => (current === key ? null : current)), FLASH_MS);
  };
  useKeyboard(live ? press : noKey);

  const toggleMute = () => {
    const next = !muted;
    setMuted(next);
    writeMuted(storage(), next);
    thePhone().setMuted(next);
  };
  const callOrHangUp = () => {
    if (call.phase === "ending") return;
    if (inCall(call.phase)) thePhone().hangUp();
    else void thePhone().call(to, from.trim());
  };
  const lines = call.entries.map(describeEntry).filter((line) => webhooks || line.kind !== "webhook");

  return (
    <section class="phone-page" aria-labelledby="phone-title">
      <h1 id="phone-title">Dev phone</h1>
      <p class="hint">Calls your IVR through the simulator, as a caller would. Type keys on the keyboard or press them below.</p>
      <div class="phone-layout">
        <div class="phone">
          <div class="phone-dial">
            <label>
              Number to call
              <select value={to} disabled={inCall(call.phase)} onChange={(event) => setTo((event.target as HTMLSelectElement).value)}>
                {info.numbers.map((number) => (
                  <option value={number.msisdn}>
                    {number.msisdn} ({number.label})
                  </option>
                ))}
              </select>
            </label>
            <label>
              Calling from
              <input type="tel" inputMode="tel" autoComplete="off" value={from} disabled={inCall(call.phase)} onInput={(event) => setFrom((event.target as HTMLInputElement).value)} />
            </label>
          </div>
          <p class={`phone-status phone-${call.phase}`} role="status">
            {phaseText(call)}
          </p>
          <div class="phone-screen">
            <p class="phone-label" id="phone-prompt-label">
              {call.phase === "ended" || call.phase === "failed" ? "Last heard" : "Now playing"}
            </p>
            <p class="phone-prompt" aria-live={muted || !speaks ? "polite" : "off"}>
              {call.prompt ?? "—"}
            </p>
            <p class="phone-label">
              Keys pressed: <output class="phone-keys" aria-label="Keys pressed">{call.keys === "" ? "none" : call.keys}</output>
            </p>
          </div>
          <div class="keypad" role="group" aria-label="Keypad">
            {KEYPAD.map(({ key, letters }) => (
              // Named by its digit alone (the letters are hidden from it): the name is the text shown, as WCAG's label in name asks.
              <button type="button" class={`key${flash === key ? " down" : ""}`} disabled={!live} onClick={() => press(key)}>
                <span class="digit">{key}</span>
                <span class="letters" aria-hidden="true">
                  {letters}
                </span>
              </button>
            ))}
          </div>
          <div class="phone-actions">
            {/* Not disabled while the call ends: a disabled button would drop the keyboard's focus. */}
            <button
              type="button"
              class={inCall(call.phase) ? "hang-up" : "call"}
              disabled={!inCall(call.phase) && from.trim() === ""}
              aria-disabled={call.phase === "ending"}
              onClick={callOrHangUp}
            >
              {inCall(call.phase) ? "Hang up" : "Call"}
            </button>
            <button type="button" class="quiet" aria-pressed={muted} onClick={toggleMute} title={speaks ? "Speak the prompts, or not" : "This browser cannot speak; the prompts are shown as text"}>
              Mute speech
            </button>
          </div>
          {!speaks && <p class="hint">This browser cannot speak: the prompts are shown as text only.</p>}
          {call.error !== null && (
            <p class="error" role="alert">
              {call.error}
            </p>
          )}
        </div>
        <div class="phone-log">
          <h2>Transcript</h2>
          <label class="check">
            <input type="checkbox" checked={webhooks} onChange={(event) => setWebhooks((event.target as HTMLInputElement).checked)} /> Show webhooks
          </label>
          {lines.length === 0 ? (
            <p class="empty">{call.phase === "idle" ? "Place a call: what the caller hears and presses shows here." : "Waiting for the call…"}</p>
          ) : (
            <ol class="phone-transcript" aria-label="The call so far">
              {lines.map((line) => (
                <li class={`line line-${line.kind} tone-${line.tone}`}>{line.text}</li>
              ))}
            </ol>
          )}
          {call.phase === "ended" && call.sessionId !== null && <Summary call={call} sessionId={call.sessionId} />}
        </div>
      </div>
    </section>
  );
}

function noKey(): void {}

function Summary({ call, sessionId }: { call: CallState; sessionId: string }) {
  const summary = call.summary;
  return (
    <section aria-labelledby="phone-summary-title">
      <h2 id="phone-summary-title">Summary</h2>
      {summary === null ? (
        <p class="hint">The simulator sent no summary for this call.</p>
      ) : (
        <dl class="facts phone-summary">
          <div>
            <dt>Status</dt>
            <dd>{words(summary.sessionStatus)}</dd>
          </div>
          <div>
            <dt>Duration</dt>
            <dd>{formatDuration(summary.durationSeconds)}</dd>
          </div>
          <div>
            <dt>Last action</dt>
            <dd>{words(summary.lastAction)}</dd>
          </div>
          <div>
            <dt>Legs</dt>
            <dd>{summary.callCount}</dd>
          </div>
          <div>
            <dt>Keys pressed</dt>
            <dd>{call.keys === "" ? "none" : call.keys}</dd>
          </div>
        </dl>
      )}
      <p>
        <a href={sessionHref(sessionId)}>Open this session</a> to see what the server stored and the call's path through the flow.
      </p>
    </section>
  );
}
