/**
 * The read-only REST resources (SPEC sections 3 and 7): speech profiles and virtual numbers.
 *
 * @example
 * const profiles: SpeechProfileList = { speechProfiles: [{ speechProfileCode: "en-GB-Emma", localeCode: "en-GB", localeDescription: "English (United Kingdom)", gender: "Female" }] };
 */
import { Type, type Static } from "@sinclair/typebox";

export const SpeechProfile = Type.Object(
  {
    speechProfileCode: Type.String(),
    localeCode: Type.String(),
    localeDescription: Type.String(),
    gender: Type.String(),
  },
  { title: "SpeechProfile" },
);
export type SpeechProfile = Static<typeof SpeechProfile>;

export const SpeechProfileList = Type.Object(
  { speechProfiles: Type.Array(SpeechProfile) },
  { title: "SpeechProfileList" },
);
export type SpeechProfileList = Static<typeof SpeechProfileList>;

export const VirtualNumber = Type.Object(
  {
    msisdn: Type.String(),
    countryCode: Type.String(),
    operationalStatus: Type.Union([Type.Literal("Active"), Type.Literal("Expiring"), Type.Literal("Inactive")]),
    referenceId: Type.String(),
    numberType: Type.Optional(Type.String()),
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
export type VirtualNumber = Static<typeof VirtualNumber>;

export const VirtualNumberList = Type.Object(
  {
    totalNumbers: Type.Integer(),
    lastUpdatedAt: Type.String(),
    numbers: Type.Array(VirtualNumber),
  },
  { title: "VirtualNumberList" },
);
export type VirtualNumberList = Static<typeof VirtualNumberList>;

export const VirtualNumberCheck = Type.Object(
  {
    statusCode: Type.Integer(),
    statusMessage: Type.String(),
    timestamp: Type.String(),
    payload: Type.Object({ referenceId: Type.String(), msisdn: Type.String(), countryCode: Type.String() }),
  },
  { title: "VirtualNumberCheck" },
);
export type VirtualNumberCheck = Static<typeof VirtualNumberCheck>;
