/**
 * The dev phone's logic (web/src/phone-*.ts) without a browser: a real simulated call's
 * transcript fed through the phone as its event stream would send it (with a reconnect that
 * replays it), what the phone shows and says at each step, keys sent in order, the mute kept
 * in storage, and a browser that cannot speak or store. The page itself runs in chromium in
 * test/browser/dev-phone.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionView, TranscriptEntry } from "../../src/simulator/index.js";
import { startTestPlatform, type TestPlatform } from "../../src/testing/index.js";
import type { PhoneCallView, PhoneTranscriptEntry } from "../../web/src/api-types.js";
import { callReducer, describeEntry, IDLE, phaseText } from "../../web/src/phone-call.js";
import { KeySender, KEYPAD, phoneKeyOf } from "../../web/src/phone-keys.js";
import { PhoneSession, ReplayFilter, type StreamHandlers } from "../../web/src/phone-session.js";
import { langOf, MUTE_KEY, readMuted, Speaker, writeMuted, type StorageLike } from "../../web/src/phone-speech.js";

const FLOW = new URL("../../examples/restaurant.yaml", import.meta.url).pathname;

/** Compiles only when `T` can be used where `U` is expected: the simulator's shapes fit the page's copy. */
type Assignable<T, U> = T extends U ? true : false;
const fits: [Assignable<TranscriptEntry, PhoneTranscriptEntry>, Assignable<SessionView, PhoneCallView>] = [true, true];

/** A speech synthesis that writes down what it was asked to do. */
function fakeSpeech() {
  const said: string[] = [];
  let cancels = 0;
  const synth = { speak: (utterance: never) => said.push((utterance as { text: string }).text), cancel: () => (cancels += 1) };
  return { said, cancels: () => cancels, speaker: (muted = false) => new Speaker(synth, (text, lang) => ({ text, lang }), muted) };
}

function memoryStorage(): StorageLike & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

describe("the dev phone's logic", () => {
  let platform: TestPlatform;
  let call: SessionView;
  beforeAll(async () => {
    platform = await startTestPlatform({ flow: FLOW, inProcess: true });
    // Book a table for today: 1 (reservations), 1 (book), 1 (today).
    call = (await platform.dial({ press: ["1", "1", "1"] })).view;
  });
  afterAll(async () => platform?.close());

  it("keeps a copy of the simulator's shapes that fits what it sends", () => {
    expect(fits).toEqual([true, true]);
  });

  it("hangs up a call still being placed when another is asked for, and follows only the newer one", async () => {
    const hungUp: string[] = [];
    let streams = 0;
    let placed = 0;
    const phone = new PhoneSession({
      place: async () => `session-${(placed += 1)}`,
      keys: async () => undefined,
      hangUp: async (id) => void hungUp.push(id),
      stream: () => ((streams += 1), () => (streams -= 1)),
      speaker: fakeSpeech().speaker(true),
    });
    await Promise.all([phone.call("+6560000001", "+6591234567"), phone.call("+6560000001", "+6591234567")]);
    expect(phone.state).toMatchObject({ phase: "ringing", sessionId: "session-2" });
    expect(hungUp).toEqual(["session-1"]);
    expect(streams).toBe(1);
  });

  it("follows a real call: rings, connects, shows and says each prompt once across a reconnect, then shows the summary", async () => {
    const speech = fakeSpeech();
    let handlers: StreamHandlers | undefined;
    let closed = 0;
    const sent: string[] = [];
    const phone = new PhoneSession({
      place: async () => call.sessionId,
      keys: async (_id, keys) => void sent.push(keys),
      hangUp: async () => undefined,
      stream: (_id, given) => ((handlers = given), () => (closed += 1)),
      speaker: speech.speaker(),
    });
    const shown: string[] = [];
    phone.subscribe((state) => shown.push(phaseText(state)));
    await phone.call("+6560000001", "+6591234567");
    expect(phone.state).toMatchObject({ phase: "ringing", sessionId: call.sessionId, to: "+6560000001", from: "+6591234567" });

    // The first connection sends the call up to the first key, then drops; the second replays it all.
    const firstPress = call.transcript.findIndex((entry) => entry.kind === "press");
    handlers!.open();
    for (const entry of call.transcript.slice(0, firstPress)) handlers!.entry(entry);
    expect(phone.state.phase).toBe("connected");
    expect(phone.state.prompt).toMatch(/^Welcome to ABC Restaurant/);
    phone.press("1");
    await Promise.resolve();
    expect(sent).toEqual(["1"]);
    expect(phone.state.keys).toBe("1");

    handlers!.open();
    for (const entry of call.transcript) handlers!.entry(entry);
    expect(phone.state.entries).toHaveLength(call.transcript.length);
    expect(phone.state.prompt).toBe("We have booked your table for today, thank you.");
    expect(phone.state.phase).toBe("ending");
    handlers!.end(call);
    expect(closed).toBe(1);
    expect(phone.state.phase).toBe("ended");
    expect(phone.state.summary).toMatchObject({ sessionStatus: "COMPLETED", lastAction: "HANGUP" });
    expect(phaseText(phone.state)).toBe("Call ended: COMPLETED");

    // Each prompt spoken once, in order, though the reconnect replayed the first.
    expect(speech.said).toEqual(call.heard);
    expect(shown).toContain("Ringing +6560000001…");
    expect(shown).toContain("On a call with +6560000001");
    // Keys after the end go nowhere.
    phone.press("2");
    expect(sent).toEqual(["1"]);
  });

  it("tells each transcript entry in words, the webhooks quieter", () => {
    const lines = call.transcript.map((entry) => describeEntry(entry));
    const texts = lines.filter((line) => line.tone !== "muted").map((line) => line.text);
    expect(texts[0]).toBe("Calling +6560000001 from +6591234567");
    expect(texts).toContain("Heard: “Welcome to ABC Restaurant, to book a table press 1, to speak to a representative press 2, to hear our restaurant hours press 3.”");
    expect(texts).toContain("You pressed 1");
    expect(texts).toContain("The IVR got 1");
    expect(texts).toContain("Session ended: COMPLETED");
    expect(lines.find((line) => line.kind === "webhook")).toMatchObject({ tone: "muted", text: expect.stringMatching(/^Webhook VCS CALL_RECEIVED → HTTP 200$/) });
    expect(describeEntry({ kind: "webhook", at: "", t: 0, type: "VCA", callStatus: "ACTION_COMPLETED", status: 500, fallback: "timeout" })).toMatchObject({ tone: "bad", text: "Webhook VCA ACTION_COMPLETED → HTTP 500 (fallback: timeout)" });
    expect(describeEntry({ kind: "capture", at: "", t: 0, dtmf: "", reason: "timeout" }).text).toBe("The IVR got no keys (timeout)");
  });

  it("says why a call could not be placed, and why the stream was lost", async () => {
    const refused = new PhoneSession({
      place: async () => {
        throw new Error("to: +1 is not a number this simulator knows");
      },
      keys: async () => undefined,
      hangUp: async () => undefined,
      stream: () => () => undefined,
      speaker: fakeSpeech().speaker(),
    });
    await refused.call("+1", "+6591234567");
    expect(refused.state).toMatchObject({ phase: "failed", error: "Could not place the call: to: +1 is not a number this simulator knows" });

    let handlers: StreamHandlers | undefined;
    const lost = new PhoneSession({ place: async () => "s1", keys: async () => undefined, hangUp: async () => undefined, stream: (_id, given) => ((handlers = given), () => undefined), speaker: fakeSpeech().speaker() });
    await lost.call("+6560000001", "+6591234567");
    handlers!.lost("signed out");
    expect(lost.state).toMatchObject({ phase: "failed", error: "Lost the call's events: signed out" });
  });

  it("hangs up, even when asked before the call was placed, and reports a refused hang-up unless the call had ended", async () => {
    const hungUp: string[] = [];
    let place: (id: string) => void = () => undefined;
    const phone = new PhoneSession({
      place: () => new Promise<string>((done) => (place = done)),
      keys: async () => undefined,
      hangUp: async (id) => {
        hungUp.push(id);
        if (hungUp.length > 1) throw new Error("the call has ended");
      },
      stream: () => () => undefined,
      speaker: fakeSpeech().speaker(),
    });
    const placing = phone.call("+6560000001", "+6591234567");
    phone.hangUp();
    expect(hungUp).toEqual([]);
    place("s2");
    await placing;
    expect(hungUp).toEqual(["s2"]);
    expect(phone.state.phase).toBe("ending");
    phone.hangUp();
    await new Promise((done) => setTimeout(done, 0));
    expect(phone.state.error).toBe("Could not hang up: the call has ended");

    // A call the IVR ended just before the hang-up reached it: nothing to say.
    const raced = new PhoneSession({
      place: async () => "s3",
      keys: async () => undefined,
      hangUp: async () => {
        throw Object.assign(new Error('sessionId: "s3" has ended'), { code: "SB_SIM_SESSION_ENDED" });
      },
      stream: () => () => undefined,
      speaker: fakeSpeech().speaker(),
    });
    await raced.call("+6560000001", "+6591234567");
    raced.hangUp();
    await new Promise((done) => setTimeout(done, 0));
    expect(raced.state).toMatchObject({ phase: "ending", error: null });
  });

  it("stops speaking when a key is pressed, when muted, and says nothing while muted", async () => {
    const speech = fakeSpeech();
    const speaker = speech.speaker();
    speaker.say("Welcome", "en-US");
    expect(speech.said).toEqual(["Welcome"]);
    speaker.setMuted(true);
    expect(speech.cancels()).toBe(1);
    speaker.say("Goodbye");
    expect(speech.said).toEqual(["Welcome"]);
    expect(langOf("en-US-BenjaminRUS")).toBe("en-US");
    expect(langOf("BenjaminRUS")).toBeNull();
  });

  it("works in a browser without speech synthesis or storage", () => {
    const mute = new Speaker(null, null, false);
    expect(mute.canSpeak).toBe(false);
    expect(() => mute.say("Welcome")).not.toThrow();
    expect(() => mute.stop()).not.toThrow();
    const broken = new Speaker(
      {
        speak: () => {
          throw new Error("not allowed");
        },
        cancel: () => undefined,
      },
      (text) => ({ text }),
      false,
    );
    expect(() => broken.say("Welcome")).not.toThrow();

    const refusing: StorageLike = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    expect(readMuted(refusing)).toBe(false);
    expect(() => writeMuted(refusing, true)).not.toThrow();
    expect(readMuted(null)).toBe(false);
  });

  it("remembers the mute in storage", () => {
    const storage = memoryStorage();
    expect(readMuted(storage)).toBe(false);
    writeMuted(storage, true);
    expect(storage.items.get(MUTE_KEY)).toBe("true");
    expect(readMuted(storage)).toBe(true);
    writeMuted(storage, false);
    expect(readMuted(storage)).toBe(false);
  });

  it("sends keys in the order pressed, one request at a time, together when pressed meanwhile", async () => {
    const requests: string[] = [];
    const waiting: (() => void)[] = [];
    const refusals: string[] = [];
    const sender = new KeySender(
      (keys) => {
        requests.push(keys);
        if (keys.includes("9")) return Promise.reject(new Error("the call has ended"));
        return new Promise<void>((done) => waiting.push(done));
      },
      (error) => refusals.push(error.message),
    );
    sender.press("1");
    sender.press("2");
    sender.press("3");
    expect(requests).toEqual(["1"]);
    waiting.shift()!();
    await new Promise((done) => setTimeout(done, 0));
    expect(requests).toEqual(["1", "23"]);
    sender.press("9");
    waiting.shift()!();
    await new Promise((done) => setTimeout(done, 0));
    expect(requests).toEqual(["1", "23", "9"]);
    expect(refusals).toEqual(["the call has ended"]);
    expect(sender.idle).toBe(true);

    // More than a request carries goes in several, in order.
    const long = "1234567890".repeat(4);
    const parts: string[] = [];
    const bulk = new KeySender(async (keys) => void parts.push(keys), () => undefined);
    bulk.press(long);
    await new Promise((done) => setTimeout(done, 0));
    expect(parts.map((part) => part.length)).toEqual([32, 8]);
    expect(parts.join("")).toBe(long);
  });

  it("maps typed keys to the keypad and nothing else", () => {
    expect(KEYPAD.map((key) => key.key).join("")).toBe("123456789*0#");
    expect(["0", "5", "9", "*", "#"].map(phoneKeyOf)).toEqual(["0", "5", "9", "*", "#"]);
    expect(["a", "Enter", " ", "12", "F1", "+"].map(phoneKeyOf)).toEqual([null, null, null, null, null, null]);
  });

  it("skips what a reconnect replays", () => {
    const filter = new ReplayFilter();
    filter.reopened();
    expect([filter.isNew(), filter.isNew()]).toEqual([true, true]);
    filter.reopened();
    expect([filter.isNew(), filter.isNew(), filter.isNew()]).toEqual([false, false, true]);
  });

  it("ignores entries after the call has ended", () => {
    const ended = callReducer({ ...IDLE, phase: "ended" }, { type: "entry", entry: { kind: "prompt", at: "", t: 0, text: "late" } });
    expect(ended.prompt).toBeNull();
    expect(ended.entries).toEqual([]);
  });
});
