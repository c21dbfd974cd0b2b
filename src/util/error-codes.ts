/**
 * The catalogue: every code a Switchboard error can carry, with one line on what it means and
 * what to do. Codes read `SB_<LAYER>_<WHAT>`, the layer being where the rule lives: CLIENT (the
 * 8x8 REST client), STORE, SERVER (the webhook receiver), IVR (flows and handler modules), SIM
 * (the simulator), TESTING (the test kit, `switchboard-ivr/testing`) and CLI. docs/errors.md explains each one at length, and
 * test/errors-catalogue.test.ts fails when that page and this object disagree either way (as
 * fastify's test does with its `FST_ERR_*` codes and docs/Reference/Errors.md).
 *
 * @example
 * ERROR_CODES.SB_STORE_UNAVAILABLE; // "the database could not be opened, reached or written: ..."
 */
export const ERROR_CODES = Object.freeze({
  SB_CLIENT_CONFIG: "the options given to new VoiceClient() are unusable: fix the option the message names",
  SB_CLIENT_INVALID_ARGUMENT: "a method argument was refused before sending: fix the argument the message names",
  SB_CLIENT_CALLFLOW_INVALID: "callflows.send refused the callflow by 8x8's own rules: fix it at the JSON path given",
  SB_CLIENT_AUTH: "the platform refused the API key (401): check EIGHTX8_API_KEY",
  SB_CLIENT_FORBIDDEN: "the API key may not use this subaccount or resource (403): check EIGHTX8_SUBACCOUNT_ID and the key's access",
  SB_CLIENT_NOT_FOUND: "the subaccount, webhook or number asked for does not exist (404)",
  SB_CLIENT_INVALID_REQUEST: "the platform refused the request's values (400/422): fix the values it names",
  SB_CLIENT_RATE_LIMITED: "the platform answered 429 on every attempt: wait and retry later",
  SB_CLIENT_SERVER: "the platform failed (5xx) on every attempt: retry later",
  SB_CLIENT_NETWORK: "the platform could not be reached: check the network and EIGHTX8_BASE_URL",
  SB_CLIENT_TIMEOUT: "no answer within timeoutMs on every attempt: retry later or raise timeoutMs",
  SB_CLIENT_SEND_OUTCOME_UNKNOWN: "Send Callflow was sent but its answer was lost: look for its clientRequestId in VSS deliveries before sending again",
  SB_CLIENT_UNEXPECTED_RESPONSE: "the answer was not JSON or had an unexpected status: check that EIGHTX8_BASE_URL points at the 8x8 Voice API",

  SB_STORE_UNAVAILABLE: "the database could not be opened, reached or written: check the database; the platform delivers again",
  SB_STORE_BAD_URL: "the --db value is neither sqlite:PATH nor a postgres:// URL, or the schema name is not a plain identifier",
  SB_STORE_SCHEMA_TOO_NEW: "the database was migrated by a newer Switchboard: upgrade switchboard-ivr",
  SB_STORE_BAD_CURSOR: "a read API cursor this store did not hand out: drop it to start from the first page",

  SB_SERVER_AUTH_REQUIRED: "401: the Authorization header is missing or differs from the secret: send the configured secret",
  SB_SERVER_SOURCE_NOT_ALLOWED: "403: the client address is not in the allowlist: add it with --allow, or check --trust-proxy",
  SB_SERVER_NOT_FOUND: "404: no such route, or no such session",
  SB_SERVER_MALFORMED_JSON: "400: the body is not valid JSON, or is empty while declared as JSON",
  SB_SERVER_INVALID_FIELD: "400: a field the server relies on is missing or has the wrong type; `field` names it",
  SB_SERVER_BAD_REQUEST: "400: another malformed request, such as an invalid Content-Length",
  SB_SERVER_BODY_TOO_LARGE: "413: the body is over the body limit: raise --body-limit if the sender is right",
  SB_SERVER_BODY_TOO_DEEP: "400: the JSON body nests deeper than 64 levels (8x8's deliveries are a few levels deep): fix the sender",
  SB_SERVER_UNSUPPORTED_MEDIA_TYPE: "415: webhooks must be sent as Content-Type: application/json",
  SB_SERVER_STORE_UNAVAILABLE: "503: the store could not take the delivery or serve the read API: check the database",
  SB_SERVER_INTERNAL: "500: a bug in the server, logged with the request",
  SB_SERVER_NO_SECRET: "no webhook secret and insecure is not set: set authHeader (--auth-header), or insecure for local use",
  SB_SERVER_BAD_FALLBACK: "the app's or the server's fallback is not a valid VCA answer: fix the fallback",
  SB_SERVER_BAD_OPTION: "a server option is missing or has an impossible value: fix the option the message names",
  SB_SERVER_HANDLER_TIMEOUT: "logged: the app did not answer a VCA within its budget, so the fallback was sent: make it faster or raise --handler-timeout",
  SB_SERVER_INVALID_ANSWER: "logged: the app's answer to a VCA is not a valid callflow, so the fallback was sent: fix what the message names",

  SB_IVR_FLOW_INVALID: "the flow has errors; its diagnostics give file:line:column for each: run switchboard validate",
  SB_IVR_UNKNOWN_FILE_TYPE: "loadIvr was given a file that is neither a flow (.yaml, .yml, .json) nor a handlers module (.ts, .js, ...)",
  SB_IVR_FILE_UNREADABLE: "the flow file cannot be read: check the path and its permissions",
  SB_IVR_MODULE_IMPORT_FAILED: "the handlers module threw or failed to compile while being imported: fix the error it names",
  SB_IVR_BAD_MODULE_EXPORT: "the handlers module does not export what was expected: export defineIvr({ handlers, flow? })",
  SB_IVR_NO_FLOW: "a handlers module loaded on its own has handlers but no flow: add flow to defineIvr(), or load the flow file",
  SB_IVR_HANDLER_WITHOUT_THEN: "a handler returned data for an option without then: return an answer or goTo(menu), or add then",

  SB_SIM_INVALID_CONFIG: "the simulator's config (file, object or option) is unreadable or invalid: fix the field the message names",
  SB_SIM_UNKNOWN_NUMBER: "a call was placed to a number that no configured subaccount owns: dial one of its virtual numbers",
  SB_SIM_UNKNOWN_SUBACCOUNT: "a webhook was registered for a subaccount the simulator does not have: use a configured subaccount id",
  SB_SIM_INVALID_REQUEST: "a request to the simulator's control API (/_sim/) is invalid: fix the field the message names",
  SB_SIM_UNKNOWN_SESSION: "no session with that id was placed on this simulator",
  SB_SIM_SESSION_TIMEOUT: "the session did not end within the time given: raise timeoutMs, or check that the IVR answers",

  SB_TESTING_BAD_OPTION: "startTestPlatform's options name no server, or combine ones that exclude each other: fix the option the message names",
  SB_TESTING_CALL_NOT_ENDED: "a call was read before its session ended and its summary was delivered: wait for it (dial does) before reading it",
  SB_TESTING_READ_API_UNREACHABLE: "the server's read API could not be reached: check that the server runs at serverUrl",
  SB_TESTING_READ_AUTH_REFUSED: "the read API refused the token (401): pass readAuthHeader, the server's read secret",
  SB_TESTING_NO_READ_API: "the server answered 404 without a Switchboard error: it has no read API, so sessions() and stored() cannot be used",
  SB_TESTING_READ_API_FAILED: "the read API answered another error status: see the status and message it gave",

  SB_CLI_MISSING_API_KEY: "exit 2: no API key: set EIGHTX8_API_KEY (environment or .env) or pass --api-key",
  SB_CLI_MISSING_SUBACCOUNT: "exit 2: no subaccount: set EIGHTX8_SUBACCOUNT_ID (environment or .env) or pass --subaccount",
  SB_CLI_INVALID_SUBACCOUNT: "exit 2: the subaccount id is not 3-50 characters of A-Z a-z 0-9 - . _ &",
  SB_CLI_MISSING_URL: "exit 2: webhooks setup needs --url, or both --vca-url and --vss-url",
  SB_CLI_INVALID_URL: "exit 2: a URL flag or setting is not an absolute http(s) URL",
  SB_CLI_INVALID_WEBHOOK_TYPE: "exit 2: the webhook type is not one of VCA VSS VCS VRU VNU",
  SB_CLI_INVALID_NUMBER: "exit 2: a phone number given to the CLI is not E.164, e.g. +6560000001",
  SB_CLI_INVALID_FLAG: "exit 2: a flag's value is invalid; the message names the flag, the value and what is expected",
  SB_CLI_CONFLICTING_FLAGS: "exit 2: two flags that exclude each other were given: drop one",
  SB_CLI_NOT_A_FLOW_FILE: "exit 2: validate and graph take a flow file ending in .yaml, .yml or .json",
  SB_CLI_FILE_UNREADABLE: "exit 2: the file given cannot be read: check the path",
  SB_CLI_FLOW_HAS_ERRORS: "exit 1: validate or graph found errors in the flow (or warnings, with --strict): fix the findings printed",
  SB_CLI_IVR_LOAD_FAILED: "exit 2: the IVR given to serve or dev could not be loaded: fix what the message names",
  SB_CLI_CANNOT_LISTEN: "exit 1: the server could not listen on the host and port: stop what holds the port or pick another",
  SB_CLI_SERVER_UNREACHABLE: "exit 1: the server's read API could not be reached: check --server and that switchboard serve runs there",
  SB_CLI_READ_AUTH_REFUSED: "exit 2: the server refused the read API secret: set SWITCHBOARD_READ_AUTH to the server's secret",
  SB_CLI_READ_API_FAILED: "exit 1: the server's read API answered an error: see the message it gave",
  SB_CLI_SIMULATOR_UNREACHABLE: "exit 1: the simulator could not be reached: start it with switchboard simulator, or check --simulator",
  SB_CLI_NOT_A_SIMULATOR: "exit 1: --simulator points at something that does not answer JSON: check the URL",
  SB_CLI_CALL_REFUSED: "exit 2: the simulator refused the call: fix the value the message names",
  SB_CLI_CALL_FAILED: "exit 1: the simulator answered an unexpected status to the call",
  SB_CLI_CALL_TIMEOUT: "exit 1: the simulated call did not end within --timeout: raise it, or check that the IVR answers",
  SB_CLI_SESSION_ERROR: "exit 1: the simulated call ran but its session ended in ERROR: read the call printed above",
  SB_CLI_DEV_SETUP_FAILED: "exit 1: switchboard dev could not register the webhooks on its simulator",
  SB_CLI_WEBHOOK_CHECK_FAILED: "exit 1: webhooks setup registered the webhooks but listing them back showed a difference",
  SB_CLI_PLAIN_HTTP: "a warning: a webhook or base URL uses plain http on a host other than localhost; 8x8 expects https",
  SB_CLI_INSECURE_REMOTE: "a warning: serve --insecure listens on an address others can reach: set a webhook secret instead",
} as const);
