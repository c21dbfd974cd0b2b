/**
 * The JSON Schemas we publish (written to `schemas/*.json` by `npm run schemas`), so editors and
 * other tools validate against exactly what our runtime validates against.
 */
import { Action, Callflow, Hangup, MakeCall, PlayFile, Say, SayAndCapture } from "./actions.js";
import { VcaEvent, VcsEvent, VssEvent } from "./events.js";
import { SendCallflowRequest, VcaAnswer } from "./requests.js";
import { Webhook, WebhookCreateRequest } from "./webhooks.js";

/**
 * The wire schemas we publish, by the file name they get (`schemas/<name>.json`): the same
 * TypeBox objects the runtime validates with, so the published files cannot drift from it.
 */
export const JSON_SCHEMAS = {
  "callflow-action": Action,
  callflow: Callflow,
  "make-call": MakeCall,
  say: Say,
  "say-and-capture": SayAndCapture,
  "play-file": PlayFile,
  hangup: Hangup,
  "send-callflow-request": SendCallflowRequest,
  "vca-answer": VcaAnswer,
  webhook: Webhook,
  "webhook-create-request": WebhookCreateRequest,
  "vca-event": VcaEvent,
  "vcs-event": VcsEvent,
  "vss-event": VssEvent,
} as const;

/** The name of a published schema, e.g. `vca-answer` (see `JSON_SCHEMAS`). */
export type PublishedSchemaName = keyof typeof JSON_SCHEMAS;

/** A schema as a plain JSON document with `$schema` and `$id`, ready to write to disk. */
export function publishedSchema(name: PublishedSchemaName): Record<string, unknown> {
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: `https://switchboard-ivr.dev/schemas/${name}.json`,
    ...JSON.parse(JSON.stringify(JSON_SCHEMAS[name])),
  };
}
