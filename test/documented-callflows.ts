/**
 * The example callflows of 8x8's documentation, as published (sources in each comment), for
 * tests that must accept what the docs teach. Where a published example is not valid JSON or
 * breaks a documented rule, the note says so and the tests assert that explicitly.
 */

/** OpenAPI file, Send Callflow request `default` (its validUntil is in 2024: validate with a clock before it). */
export const openApiDefault = {
  validUntil: "2024-07-03T05:59:32.226Z",
  callflow: [
    { action: "makeCall", params: { source: "6512345678", destination: "6590000000" } },
    { action: "say", params: { text: "Hi, This is a test message from 8x8", voiceProfile: "en-GB-Emma", repetition: 1, speed: 1 } },
    { action: "hangup" },
  ],
};

/**
 * OpenAPI file, "Example 1: IVR with DTMF Capture". It gives digitTimeout without
 * overallTimeout, which SPEC's rule -1005 refuses: the tests expect -1005, not ok.
 */
export const openApiExample1DtmfCapture = [
  { action: "makeCall", params: { source: "+6588000000", destination: "+6590000000" } },
  { action: "sayAndCapture", params: { promptMessage: "Press 1 for Sales, Press 2 for Support", voiceProfile: "en-US-Neural2-C", minDigits: 1, maxDigits: 1, digitTimeout: 5000, completeOnHash: false } },
];

/** OpenAPI file, "Example 2: Voice Message (Text-to-Speech)". */
export const openApiExample2Tts = [
  { action: "makeCall", params: { source: "+6588000000", destination: "+6590000000" } },
  { action: "say", params: { text: "Hello, this is a reminder about your appointment tomorrow at 2 PM.", voiceProfile: "en-GB-Emma", repetition: 1, speed: 1 } },
  { action: "hangup" },
];

/** OpenAPI file, "Example 3: Voice Message (Audio File)". */
export const openApiExample3AudioFile = [
  { action: "makeCall", params: { source: "+6588000000", destination: "+6590000000" } },
  { action: "playFile", params: { fileUrl: "https://example.com/audio/notification.mp3", repetition: 1 } },
  { action: "hangup" },
];

/**
 * Simple IVR guide (developer.8x8.com/connect/docs/voice/ivr/simple-ivr-guide), "Sample of
 * Simple IVR Request". Note `repetition` in sayAndCapture and `"successMessage": null`.
 */
export const simpleIvrGuide = [
  { action: "makeCall", params: { source: "6561115777", destination: "6512345678" } },
  {
    action: "sayAndCapture",
    params: {
      promptMessage: "Dear customer, Thank you for contacting Xyz technical support recently. If you have resolved your issue already, press one. Or press two to speak to an agent.",
      voiceProfile: "en-US-BenjaminRUS",
      repetition: 1,
      speed: 1,
      minDigits: 1,
      maxDigits: 1,
      digitTimeout: 10000,
      overallTimeout: 10000,
      completeOnHash: false,
      noOfTries: 2,
      successMessage: null,
      failureMessage: "Invalid input, please try again",
    },
  },
];

/** Voice messaging guide (developer.8x8.com/connect/docs/voice/voice-messaging/voice-messaging-guide), TTS. */
export const voiceMessagingTts = [
  { action: "makeCall", params: { source: "6512341234", destination: "6512345678" } },
  { action: "say", params: { text: "Hello, this is a test Voice Message.", voiceProfile: "en-IE-EmilyNeural", repetition: 1, speed: 1 } },
  { action: "hangup" },
];

/**
 * Voice messaging guide, audio file. The published JSON has a trailing comma after
 * `"repetition": 2` (not valid JSON); this is it without the comma.
 */
export const voiceMessagingAudio = [
  { action: "makeCall", params: { source: "6512341234", destination: "6512345678" } },
  { action: "playFile", params: { fileUrl: "https://sample-videos.com/audio/mp3/wave.mp3", repetition: 2 } },
  { action: "hangup" },
];

/**
 * Advanced IVR guide: its page could not be retrieved here, so these are written from SPEC
 * section 5's description of the documented scenario (inbound call, menu, bridge to an agent),
 * as the VCA answers an app gives. Not verbatim 8x8 text.
 */
export const advancedIvrAnswers = {
  mainMenu: [
    { action: "say", params: { text: "Welcome to Xyz support.", voiceProfile: "en-US-BenjaminRUS" } },
    { action: "sayAndCapture", params: { promptMessage: "For billing press 1, for technical support press 2, to hear this again press 9.", voiceProfile: "en-US-BenjaminRUS", minDigits: 1, maxDigits: 1, digitTimeout: 5000, overallTimeout: 15000, completeOnHash: false, noOfTries: 3, failureMessage: "Sorry, I did not get that." } },
  ],
  subMenu: [
    { action: "sayAndCapture", params: { promptMessage: "Enter your 8 digit account number followed by hash.", voiceProfile: "en-US-BenjaminRUS", minDigits: 8, maxDigits: 8, completeOnHash: true } },
  ],
  bridgeToAgent: [
    { action: "say", params: { text: "Connecting you to an agent.", voiceProfile: "en-US-BenjaminRUS" } },
    { action: "makeCall", params: { source: "+6561115777", destination: "+6598765432" } },
  ],
  goodbye: [
    { action: "say", params: { text: "Thank you for calling. Goodbye.", voiceProfile: "en-US-BenjaminRUS" } },
    { action: "hangup" },
  ],
};
