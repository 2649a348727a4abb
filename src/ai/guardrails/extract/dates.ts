/** A date as a reply writes it; year and weekday only when the text says them. */
export interface DateMention {
  text: string;
  month: number; // 1-12
  day: number;
  year: number | null;
  weekday: number | null; // 0 = Sunday
}

/** A weekday named on its own ("arrives Tuesday"). */
export interface WeekdayMention {
  text: string;
  weekday: number;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

const MONTH = String.raw`(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?`;
const WEEKDAY = String.raw`(Sun(?:day)?|Mon(?:day)?|Tue(?:s(?:day)?)?|Wed(?:nesday)?|Thu(?:r(?:s(?:day)?)?)?|Fri(?:day)?|Sat(?:urday)?)\.?`;
const ORD = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;

const FORMS: readonly { re: RegExp; read: (m: RegExpExecArray) => Omit<DateMention, "text"> | null }[] = [
  {
    re: /\b(\d{4})-(\d{2})-(\d{2})\b/g,
    read: (m) => ({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), weekday: null }),
  },
  {
    re: new RegExp(String.raw`\b(?:${WEEKDAY},?\s+(?:the\s+)?)?${MONTH}\s+${ORD}\b(?:,?\s+(\d{4})\b)?`, "gi"),
    read: (m) => ({ weekday: weekdayOf(m[1]), month: monthOf(m[2]), day: Number(m[3]), year: yearOf(m[4]) }),
  },
  {
    re: new RegExp(String.raw`\b(?:${WEEKDAY},?\s+(?:the\s+)?)?${ORD}\s+(?:of\s+)?${MONTH}(?:,?\s+(\d{4})\b)?`, "gi"),
    read: (m) => ({ weekday: weekdayOf(m[1]), day: Number(m[2]), month: monthOf(m[3]), year: yearOf(m[4]) }),
  },
  {
    // US order, month first: a US store writes 3/4 for March 4.
    re: /(?<![\d/.$])(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?(?![\d/])/g,
    read: (m) => ({ month: Number(m[1]), day: Number(m[2]), year: m[3] ? fullYear(m[3]) : null, weekday: null }),
  },
];

/** Every calendar date a text states, in the common written forms. Impossible dates are skipped. */
export function findDates(text: string): DateMention[] {
  const found: DateMention[] = [];
  const taken: [number, number][] = [];
  for (const form of FORMS) {
    for (const m of text.matchAll(form.re)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      const d = form.read(m as RegExpExecArray);
      if (!d || d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31) continue;
      taken.push([start, end]);
      found.push({ text: m[0].trim(), ...d });
    }
  }
  return found;
}

/** Weekdays named outside any full date ("it should arrive Friday"). */
export function findLoneWeekdays(text: string): WeekdayMention[] {
  let rest = text;
  for (const d of findDates(text)) rest = rest.replace(d.text, " ");
  return [...rest.matchAll(/\b(Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday)\b/gi)].map((m) => ({
    text: m[0],
    weekday: weekdayOf(m[1]) ?? 0,
  }));
}

/** Does a mention name this ISO date? Year and weekday are compared only when the text gives them. */
export function mentionMatches(mention: Omit<DateMention, "text">, iso: string): boolean {
  const [y, m, d] = iso.split("-").map(Number);
  if (y === undefined || m === undefined || d === undefined) return false;
  if (mention.month !== m || mention.day !== d) return false;
  if (mention.year !== null && mention.year !== y) return false;
  if (mention.weekday !== null && mention.weekday !== weekdayOfIso(iso)) return false;
  return true;
}

export function weekdayOfIso(iso: string): number {
  return new Date(`${iso}T00:00:00Z`).getUTCDay();
}

function monthOf(s: string | undefined): number {
  return MONTHS.indexOf((s ?? "").slice(0, 3).toLowerCase()) + 1;
}

function weekdayOf(s: string | undefined): number | null {
  if (!s) return null;
  const i = WEEKDAYS.indexOf(s.slice(0, 3).toLowerCase());
  return i < 0 ? null : i;
}

function yearOf(s: string | undefined): number | null {
  return s ? Number(s) : null;
}

function fullYear(s: string): number {
  return s.length === 2 ? 2000 + Number(s) : Number(s);
}
