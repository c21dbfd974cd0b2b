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
 * Advanced IVR guide (developer.8x8.com/connect/docs/voice/ivr/advanced-ivr-guide, from
 * 8x8Cloud/public-developer-docs `docs/connect/docs/voice/ivr/advanced-ivr.md`), its callflows as
 * published. The guide writes the numbers as placeholders (`{{Virtual Number}}`, and once unquoted);
 * they are filled with the guide's sample numbers here, nothing else is changed.
 */
const restaurantCapture = { voiceProfile: "en-US-BenjaminRUS", speed: 1, minDigits: 1, maxDigits: 1, digitTimeout: 10000, overallTimeout: 10000 };
const sayThenHangup = (text: string) => [
  { action: "say", params: { text, voiceProfile: "en-US-BenjaminRUS", speed: 1 } },
  { action: "hangup" },
];
export const advancedIvrInitialRequest = [
  { action: "makeCall", params: { source: "+6568888888", destination: "+6591234567" } },
  { action: "sayAndCapture", params: { promptMessage: "Welcome to ABC Restaurant, to book a table press 1, to speak to a representative press 2, to hear our restaurant hours press 3.", ...restaurantCapture, noOfTries: 1 } },
];
export const advancedIvrAnswers = {
  reservations: [
    { action: "sayAndCapture", params: { promptMessage: "Press 1 to make a new reservation, press 2 to reschedule an existing reservation, press 3 to return to main menu.", ...restaurantCapture, noOfTries: 2 } },
  ],
  connectCall: [{ action: "makeCall", params: { source: "+6568888888", destination: "+6561115777" } }],
  restaurantHours: sayThenHangup("Our restaurant hours are between 9AM and 9PM every day of the week."),
  invalidInput: sayThenHangup("Invalid input, please call again."),
  bookTable: [
    { action: "sayAndCapture", params: { promptMessage: "Reserving a Table, Press 1 to reserve a table for today, Press 2 to reserve a table for tomorrow.", ...restaurantCapture, noOfTries: 2 } },
  ],
  rescheduleTable: [
    { action: "sayAndCapture", params: { promptMessage: "Rescheduling your reservation, Press 1 to keep your current reservation, press 2 to change your reservation to tomorrow.", ...restaurantCapture, noOfTries: 2 } },
  ],
  mainMenu: [
    { action: "sayAndCapture", params: { promptMessage: "Welcome to ABC Restaurant, to book a table press 1, to speak to a representative press 2, to hear our restaurant hours press 3.", ...restaurantCapture, noOfTries: 2 } },
  ],
  bookedToday: sayThenHangup("We have booked your table for today, thank you."),
};
