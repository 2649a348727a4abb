export interface MoneyMention {
  text: string;
  /** In cents, so that "$84.95" and "84.950 USD" compare equal. */
  cents: number;
}

const AMOUNT = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?`;
const MONEY = new RegExp(
  String.raw`(?:[$€£]|\b(?:USD|CAD|AUD|EUR|GBP|US\$|CA\$|A\$)\s?)\s?(${AMOUNT})\b|\b(${AMOUNT})\s?(?:USD|CAD|AUD|EUR|GBP|dollars|euros|pounds)\b`,
  "gi",
);

/** Every amount of money a text states ("$84.95", "USD 84.95", "84.95 dollars"). */
export function findMoney(text: string): MoneyMention[] {
  return [...text.matchAll(MONEY)].map((m) => ({ text: m[0].trim(), cents: toCents(m[1] ?? m[2] ?? "") }));
}

export function toCents(amount: string): number {
  return Math.round(Number(amount.replace(/,/g, "")) * 100);
}
