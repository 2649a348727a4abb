import { findDates, findLoneWeekdays, mentionMatches, weekdayOfIso } from "./extract/dates.js";
import { findOrderNumbers, findTrackingLike, findUrls } from "./extract/identifiers.js";
import { findMoney } from "./extract/money.js";
import { failed, passed, type Guardrail } from "./guardrail.js";
import { knownValues } from "./known-values.js";

/**
 * Every order number, tracking number, link, date and amount in a draft must be one the order
 * facts (or, for policy figures, a retrieved passage) contain. A model that misreads a date or
 * invents a tracking number fails here, whatever else it got right.
 */
export const factsMatch: Guardrail = (draft, context) => {
  const known = knownValues(context);
  const problems: string[] = [];
  const offending: string[] = [];
  const flag = (text: string, why: string) => {
    offending.push(text);
    problems.push(`"${text}" ${why}`);
  };

  for (const n of findOrderNumbers(draft.text)) {
    if (!known.orderNumbers.has(n)) flag(n, `is not the order number (${context.facts?.orderName ?? "no order in context"})`);
  }
  for (const url of findUrls(draft.text)) {
    if (!known.urls.has(url)) flag(url, "is not a tracking link in the facts or a link in the passages");
  }
  const textWithoutUrls = findUrls(draft.text).reduce((t, u) => t.replace(u, " "), draft.text);
  for (const t of findTrackingLike(textWithoutUrls)) {
    if (!known.tracking.has(t)) flag(t, `is not a tracking number of this order (${[...known.tracking].join(", ") || "none"})`);
  }
  for (const d of findDates(draft.text)) {
    const ok = known.factDates.some((iso) => mentionMatches(d, iso)) || known.passageDates.some((p) => sameDay(d, p));
    if (!ok) flag(d.text, `is not a date in the order facts (${known.factDates.join(", ") || "none"})`);
  }
  const factWeekdays = new Set(known.factDates.map(weekdayOfIso));
  for (const w of findLoneWeekdays(draft.text)) {
    if (!factWeekdays.has(w.weekday) && !known.passageWeekdays.has(w.weekday)) flag(w.text, "is not the weekday of any date in the order facts");
  }
  // Placeholders the redactor handed out are restored before guardrails run; any left were made up.
  for (const m of draft.text.matchAll(/\[(?:EMAIL|PHONE|CARD|ADDRESS|NAME)_\d+\]/g)) {
    flag(m[0], "is a personal-data placeholder with no value behind it");
  }
  for (const m of findMoney(draft.text)) {
    if (!known.cents.has(m.cents)) flag(m.text, "is not an amount in the order facts or the passages");
  }

  return problems.length === 0
    ? passed("facts-match", "every order number, tracking number, link, date and amount is in the facts or passages")
    : failed("facts-match", offending, `not in the context: ${problems.join("; ")}`);
};

function sameDay(a: { month: number; day: number }, b: { month: number; day: number }): boolean {
  return a.month === b.month && a.day === b.day;
}
