/**
 * The read-only REST resources (SPEC sections 3 and 7): speech profiles and virtual numbers.
 *
 * @example
 * const profiles: SpeechProfileList = { speechProfiles: [{ speechProfileCode: "en-GB-Emma", localeCode: "en-GB", localeDescription: "English (United Kingdom)", gender: "Female" }] };
 */
import { Type, type Static } from "@sinclair/typebox";

/** The JSON Schema of one speech profile. */
export const SpeechProfile = Type.Object(
  {
    /** The code say and sayAndCapture take as `voiceProfile`, e.g. `en-GB-Emma`. */
    speechProfileCode: Type.String(),
    /** The language and region, e.g. `en-GB`. */
    localeCode: Type.String(),
    /** The locale in words, e.g. "English (United Kingdom)". */
    localeDescription: Type.String(),
    /** The voice's gender as 8x8 names it, e.g. "Female". */
    gender: Type.String(),
  },
  { title: "SpeechProfile" },
);
/** One text-to-speech voice the subaccount may use. */
export type SpeechProfile = Static<typeof SpeechProfile>;

/** The JSON Schema of `GET /speech-profiles`'s answer. */
export const SpeechProfileList = Type.Object(
  { speechProfiles: Type.Array(SpeechProfile) },
  { title: "SpeechProfileList" },
);
/** The voices the subaccount may use, as `GET /speech-profiles` answers. */
export type SpeechProfileList = Static<typeof SpeechProfileList>;

/** The JSON Schema of one virtual number in `GET /numbers`. */
export const VirtualNumber = Type.Object(
  {
    /** The number, E.164. */
    msisdn: Type.String(),
    /** ISO 3166-1 alpha-2 country of the number. */
    countryCode: Type.String(),
    /** Whether the number is in service: Active, Expiring or Inactive. */
    operationalStatus: Type.Union([Type.Literal("Active"), Type.Literal("Expiring"), Type.Literal("Inactive")]),
    /** The reference a VCA carries as `destinationRefId` when this number is called. */
    referenceId: Type.String(),
    /** The kind of number, as 8x8 names it. */
    numberType: Type.Optional(Type.String()),
    /** The platform's last health check of the number. */
    numberHealth: Type.Optional(
      Type.Object({
        isHealthy: Type.Boolean(),
        status: Type.String(),
        lastCheckedTime: Type.String(),
      }),
    ),
  },
  { title: "VirtualNumber" },
);
/** A virtual number assigned to the subaccount: the number callers dial to reach the IVR. */
export type VirtualNumber = Static<typeof VirtualNumber>;

/** The JSON Schema of `GET /numbers`'s answer. */
export const VirtualNumberList = Type.Object(
  {
    /** How many numbers the subaccount has. */
    totalNumbers: Type.Integer(),
    /** When the list last changed. */
    lastUpdatedAt: Type.String(),
    numbers: Type.Array(VirtualNumber),
  },
  { title: "VirtualNumberList" },
);
/** The subaccount's virtual numbers, as `GET /numbers` answers. */
export type VirtualNumberList = Static<typeof VirtualNumberList>;

/** The JSON Schema of `GET /numbers/{number}`'s answer. */
export const VirtualNumberCheck = Type.Object(
  {
    statusCode: Type.Integer(),
    statusMessage: Type.String(),
    timestamp: Type.String(),
    /** The number and its reference. */
    payload: Type.Object({ referenceId: Type.String(), msisdn: Type.String(), countryCode: Type.String() }),
  },
  { title: "VirtualNumberCheck" },
);
/** One number's check, as `GET /numbers/{number}` answers when it is assigned to the subaccount (404 otherwise). */
export type VirtualNumberCheck = Static<typeof VirtualNumberCheck>;
