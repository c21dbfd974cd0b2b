/**
 * The SQLite store's queue of answered VCAs waiting for the group commit, kept packed for the one
 * message that takes them to the worker: every string field of every exchange in one array, in a
 * fixed order, and the numbers (session key, times) in another.
 *
 * Why packed: structured clone writes each property name and value of each object on the posting
 * thread; a batch of 13-field objects cost about 2.5 µs per exchange to post, most of the store's
 * remaining main-thread time. Two flat arrays cost well under half of that (measured: joining the
 * strings into one first is slower still), and no object is made per exchange on the main thread.
 *
 * @example
 * const batch = new ExchangeBatch();
 * batch.add(session, exchange, JSON.stringify(exchange.vars));
 * port.postMessage(batch.pack()); // in the worker: unpackExchanges(packed)
 */
import type { VcaExchange } from "../types.js";
import type { ExchangeRecord, PackedExchanges } from "./records.js";
import type { HotSession } from "./session-cache.js";

/** Strings per exchange, in the order `add` pushes them. */
const STRINGS = 14;
const EVENT_ID = 1;
const ANSWER_TEXT = 7;
/** Numbers per exchange: session key (-1 unknown), received at, answered at (epoch ms). */
const NUMBERS = 3;

export class ExchangeBatch {
  private readonly strings: (string | null)[] = [];
  private readonly numbers: number[] = [];
  /** Each exchange's session, in order. */
  readonly sessions: HotSession[] = [];

  get size(): number {
    return this.sessions.length;
  }

  /** Queues one exchange; its texts are made by the caller (what is queued cannot change). */
  add(session: HotSession, exchange: VcaExchange, varsText: string | null): void {
    // The session key is filled in by pack(): an earlier commit may teach it to us meanwhile.
    this.numbers.push(-1, exchange.receivedAt.getTime(), exchange.answeredAt.getTime());
    this.strings.push(
      exchange.sessionId,
      exchange.eventId,
      exchange.subAccountId,
      exchange.callDirection,
      exchange.source,
      exchange.destination,
      exchange.receivedText ?? JSON.stringify(exchange.received),
      exchange.answerText ?? JSON.stringify(exchange.answer),
      exchange.fallbackReason,
      varsText,
      exchange.flowFingerprint ?? null,
      exchange.menu ?? null,
      exchange.keys ?? null,
      exchange.nextMenu ?? null,
    );
    this.sessions.push(session);
  }

  /** The answer text queued for this session's eventId, if it is still here. */
  answerTextFor(session: HotSession, eventId: string): string | undefined {
    for (let i = 0; i < this.sessions.length; i++) {
      if (this.sessions[i] === session && this.strings[i * STRINGS + EVENT_ID] === eventId) {
        return this.strings[i * STRINGS + ANSWER_TEXT] as string;
      }
    }
    return undefined;
  }

  /** The message to send, with each session's key as known now. */
  pack(): PackedExchanges {
    for (let i = 0; i < this.sessions.length; i++) this.numbers[i * NUMBERS] = (this.sessions[i] as HotSession).rowKey ?? -1;
    return { strings: this.strings, numbers: this.numbers };
  }
}

/** The worker's side: the exchanges again, as objects. */
export function unpackExchanges({ strings, numbers }: PackedExchanges): ExchangeRecord[] {
  const records: ExchangeRecord[] = [];
  for (let i = 0; i * NUMBERS < numbers.length; i++) {
    const [sessionId, eventId, subAccountId, callDirection, source, destination, receivedText, answerText, fallbackReason, varsText, flowFingerprint, menu, keys, nextMenu] =
      strings.slice(i * STRINGS, (i + 1) * STRINGS);
    const rowKey = numbers[i * NUMBERS] as number;
    records.push({
      sessionId: sessionId as string,
      sessionKey: rowKey < 0 ? null : rowKey,
      eventId: eventId as string,
      subAccountId: subAccountId ?? null,
      callDirection: callDirection ?? null,
      source: source ?? null,
      destination: destination ?? null,
      receivedAt: numbers[i * NUMBERS + 1] as number,
      receivedText: receivedText as string,
      answeredAt: numbers[i * NUMBERS + 2] as number,
      answerText: answerText as string,
      fallbackReason: (fallbackReason ?? null) as ExchangeRecord["fallbackReason"],
      varsText: varsText ?? null,
      flowFingerprint: flowFingerprint ?? null,
      menu: menu ?? null,
      keys: keys ?? null,
      nextMenu: nextMenu ?? null,
    });
  }
  return records;
}
