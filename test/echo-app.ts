/**
 * A small IvrApp for server tests: it answers with a capture whose bookmark counts the steps,
 * remembers digits in the session variables, and misbehaves on purpose for some digits
 * (9 throws, 8 outlives any budget, 7 returns an invalid callflow).
 */
import type { CallActionEvent, IvrApp } from "../src/ivr/types.js";
import type { VcaAnswer } from "../src/voice/index.js";

export const VOICE = "en-US-BenjaminRUS";

export interface EchoApp extends IvrApp {
  events: CallActionEvent[];
  varsSeen: Record<string, unknown>[];
}

export function echoApp(fallback?: VcaAnswer): EchoApp {
  const events: CallActionEvent[] = [];
  const varsSeen: Record<string, unknown>[] = [];
  return {
    name: "echo",
    ...(fallback ? { fallback } : {}),
    events,
    varsSeen,
    async answer(event, ctx) {
      events.push(event);
      varsSeen.push(structuredClone(ctx.vars));
      if (event.dtmf === "9") throw new Error("booking service exploded");
      if (event.dtmf === "8") {
        // Waits for the abort the server sends when the budget runs out (bounded at 5 s).
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, 5000);
          ctx.signal.addEventListener("abort", () => {
            clearTimeout(timer);
            resolve(undefined);
          });
        });
        return { callflow: [{ action: "hangup" }] };
      }
      if (event.dtmf === "7") return { callflow: [{ action: "say", params: { text: "no voice profile" } }] } as unknown as VcaAnswer;
      const step = Number(event.clientActionId?.split(":")[1] ?? 0) + 1;
      const digits = [...((ctx.vars.digits as string[] | undefined) ?? []), ...(event.dtmf ? [event.dtmf] : [])];
      ctx.vars.digits = digits;
      return {
        clientActionId: `step:${step}`,
        callflow: [{ action: "sayAndCapture", params: { promptMessage: `Step ${step}. You typed ${digits.join(",") || "nothing"}.`, voiceProfile: VOICE, maxDigits: 1 } }],
      };
    },
  };
}

/** The value of one sample in Prometheus text format, or 0 when absent. */
export function metricValue(text: string, sample: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : 0;
}
