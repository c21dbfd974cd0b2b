/**
 * E.164 helpers: the country of a number from its calling-code prefix (SPEC section 5 wants
 * ISO 3166-1 alpha-2 codes beside every number). Pure lookups, no I/O.
 *
 * @example
 * countryOfNumber("+6560000001"); // "SG"
 */

/** Calling code to the ISO country it is most often used for (NANP's +1 reads as US). */
const CALLING_CODES: Record<string, string> = {
  "1": "US", "7": "RU", "20": "EG", "27": "ZA", "30": "GR", "31": "NL", "32": "BE", "33": "FR",
  "34": "ES", "36": "HU", "39": "IT", "40": "RO", "41": "CH", "43": "AT", "44": "GB", "45": "DK",
  "46": "SE", "47": "NO", "48": "PL", "49": "DE", "51": "PE", "52": "MX", "54": "AR", "55": "BR",
  "56": "CL", "57": "CO", "58": "VE", "60": "MY", "61": "AU", "62": "ID", "63": "PH", "64": "NZ",
  "65": "SG", "66": "TH", "81": "JP", "82": "KR", "84": "VN", "86": "CN", "90": "TR", "91": "IN",
  "92": "PK", "93": "AF", "94": "LK", "95": "MM", "98": "IR", "212": "MA", "213": "DZ",
  "216": "TN", "234": "NG", "254": "KE", "255": "TZ", "256": "UG", "351": "PT", "352": "LU",
  "353": "IE", "354": "IS", "356": "MT", "357": "CY", "358": "FI", "359": "BG", "370": "LT",
  "371": "LV", "372": "EE", "380": "UA", "385": "HR", "386": "SI", "420": "CZ", "421": "SK",
  "673": "BN", "852": "HK", "853": "MO", "855": "KH", "856": "LA", "880": "BD", "886": "TW",
  "960": "MV", "961": "LB", "962": "JO", "965": "KW", "966": "SA", "971": "AE", "972": "IL",
  "973": "BH", "974": "QA", "977": "NP",
};

/** The digits of a number without its leading `+`. */
export function digitsOf(number: string): string {
  return number.startsWith("+") ? number.slice(1) : number;
}

/** The number in `+<digits>` form. */
export function toE164(number: string): string {
  return `+${digitsOf(number)}`;
}

/** ISO 3166-1 alpha-2 country of an E.164 number, or null when its calling code is not known. */
export function countryOfNumber(number: string): string | null {
  const digits = digitsOf(number);
  for (const length of [3, 2, 1]) {
    const country = CALLING_CODES[digits.slice(0, length)];
    if (country) return country;
  }
  return null;
}
