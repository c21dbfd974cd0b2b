/**
 * The IVR apps a server answers with, by fingerprint: the current one, which new calls get, and
 * those it still holds (the apps it replaced, outbound flows), each of which goes on answering the
 * calls whose bookmarks it made. So a flow reloaded while callers are in it (dev --watch) or an
 * outbound flow loaded beside the inbound one answers each call with the flow it started on.
 *
 * An app is chosen by its own check of the bookmark (`IvrApp.owns`), the current one first. Apps
 * compiled with one shared `secret` all accept each other's bookmarks: the current one then wins.
 *
 * @example
 * const apps = new IvrApps(inbound, DEFAULT_FALLBACK);
 * apps.use(reloaded); // new calls get `reloaded`; calls in `inbound`'s menus stay there
 * apps.forEvent(event).app.answer(event, ctx);
 */
import type { CallActionEvent, IvrApp } from "../ivr/index.js";
import type { VcaAnswer } from "../voice/index.js";
import { checkFallback } from "./fallback.js";

/** An app with its checked fallback, as sent: the answer and its JSON text (made once). */
export interface HeldApp {
  readonly app: IvrApp;
  readonly fallback: { readonly answer: VcaAnswer; readonly text: string };
}

/** Replaced apps kept for the calls still in them; past this many the oldest goes. */
const REPLACED_KEPT = 16;
/** Bookmarks remembered with the app that owns them; a flow has few. */
const OWNERS_REMEMBERED = 4096;

/**
 * The IVR apps a server answers with (`server.switchboardApps`, or `switchboardPlugin(...).apps`):
 * `use(app)` gives new calls another app while calls already in the old one stay there; `add(app)`
 * holds one more (an outbound flow) for the calls whose bookmarks it made.
 */
export class IvrApps {
  private currentApp: HeldApp;
  /** Other apps, oldest first: replaced ones (bounded) and added ones. */
  private readonly others: { held: HeldApp; replaced: boolean }[] = [];
  private readonly owners = new Map<string, HeldApp>();

  /** @param serverFallback what an app without a fallback of its own sends when it fails. */
  constructor(
    current: IvrApp,
    private readonly serverFallback: VcaAnswer,
  ) {
    this.currentApp = this.hold(current);
  }

  /** The app new calls get. */
  get current(): IvrApp {
    return this.currentApp.app;
  }

  /** Every app held, current first. */
  get all(): IvrApp[] {
    return [this.currentApp.app, ...this.others.map((o) => o.held.app)];
  }

  /**
   * Makes `app` the one new calls get; the one it replaces keeps answering its bookmarks. Throws a
   * ServerConfigError (before changing anything) when the app's fallback is not a valid answer.
   */
  use(app: IvrApp): void {
    const held = this.hold(app);
    this.others.push({ held: this.currentApp, replaced: true });
    this.currentApp = held;
    this.dropHeld(app);
    const replaced = this.others.filter((o) => o.replaced);
    if (replaced.length > REPLACED_KEPT) this.others.splice(this.others.indexOf(replaced[0]!), 1);
    this.owners.clear();
  }

  /** Holds another app (an outbound flow, say) whose bookmarks it answers; new calls still get the current one. */
  add(app: IvrApp): void {
    if (app === this.currentApp.app || this.others.some((o) => o.held.app === app)) return;
    this.others.push({ held: this.hold(app), replaced: false });
    this.owners.clear();
  }

  /** The app held under this fingerprint, if any. */
  byFingerprint(fingerprint: string): IvrApp | undefined {
    return this.all.find((app) => app.fingerprint === fingerprint);
  }

  /** The app that answers this VCA: the one whose bookmark it carries, else the current one. */
  forEvent(event: CallActionEvent): HeldApp {
    const id = event.clientActionId;
    if (!id || this.others.length === 0 || owns(this.currentApp.app, id)) return this.currentApp;
    let owner = this.owners.get(id);
    if (owner === undefined) {
      // Newest first: of two versions that accept a bookmark, the later one answers it.
      owner = this.currentApp;
      for (let i = this.others.length - 1; i >= 0; i--) {
        const held = this.others[i]!.held;
        if (owns(held.app, id)) {
          owner = held;
          break;
        }
      }
      if (this.owners.size >= OWNERS_REMEMBERED) this.owners.clear();
      this.owners.set(id, owner);
    }
    return owner;
  }

  private hold(app: IvrApp): HeldApp {
    const fallback = app.fallback ? checkFallback(app.fallback, `the app's (${app.name})`) : this.serverFallback;
    return { app, fallback: { answer: fallback, text: JSON.stringify(fallback) } };
  }

  /** An app made current again is not also held among the others. */
  private dropHeld(app: IvrApp): void {
    const at = this.others.findIndex((o) => o.held.app === app);
    if (at >= 0) this.others.splice(at, 1);
  }
}

function owns(app: IvrApp, clientActionId: string): boolean {
  try {
    return app.owns?.(clientActionId) ?? false;
  } catch {
    return false;
  }
}
