import { sentences } from "../text/sentences.js";

// Words that make a sentence a statement of policy: time limits, fees, eligibility, rules.
const POLICY_CUES =
  /\b(\d+|two|three|four|five|six|seven|eight|nine|ten|fourteen|thirty|sixty|ninety)[ -](?:to[ -]\d+[ -])?(business |calendar |working )?(day|week|month|hour)s?\b|\b\d+\s?-\s?\d+\b|\bwithin\b|\bfees?\b|\bfree\b|\bcosts?\b|\bcharged?\b|\beligib|\bpolicy\b|\bwindow\b|\bfinal sale\b|\brestocking\b|\bnon-?refundable\b|\bcan(not|'t)? be (returned|exchanged|refunded|cancelled)\b|\bguarantee|\bwarrant|\bdeadline\b|\bexpire|\bunworn\b|\bunwashed\b|\btags?\b|\bduties\b/i;

/** Sentences of a reply that state store policy (and so must be backed by a passage). */
export function policySentences(text: string): string[] {
  return sentences(text).filter((s) => POLICY_CUES.test(s));
}
