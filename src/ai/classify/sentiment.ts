import type { HandoverSignal, SentimentFlag } from "./classification.js";
import { matchRules, type PhraseHit, type PhraseRule } from "./phrase-rules.js";

/** Lexicon rules; sentiment is separate from intent, and a message can carry several flags. */
export const SENTIMENT_RULES: ReadonlyArray<PhraseRule<SentimentFlag>> = [
  {
    kind: "negative",
    pattern:
      /\b(?:terrible|awful|horrible|horrendous|worst|disappoint(?:ed|ing|ment)|unacceptable|ridiculous|frustrat(?:ed|ing)|angry|furious|upset|annoyed|useless|rubbish|pathetic|disgust(?:ed|ing)|appalling|shocking|never again|waste of money|not (?:happy|impressed|ok(?:ay)?)|unhappy|fed up|sick of|still (?:haven'?t|hasn'?t|have not|has not|no|not|waiting)|scam|ripped off|no one (?:answers|replies|responds)|ignor(?:e|ed|ing) me)\b/i,
  },
  {
    kind: "threatening",
    pattern:
      /\b(?:lawyer|attorney|solicitor|sue you|legal action|lawsuit|small claims|charge[\s-]?back|dispute (?:the|this) (?:charge|payment)|report (?:you|this)|bbb|better business bureau|trading standards|(?:bad|negative|1[- ]star|one[- ]star) reviews?|expose you|go to the (?:press|media)|post (?:this )?(?:everywhere|on (?:social media|tiktok|twitter|instagram|reddit)))\b/i,
  },
  {
    kind: "urgent",
    pattern:
      /\b(?:urgent(?:ly)?|asap|immediately|right (?:now|away)|emergency|as soon as possible|time[\s-]sensitive|(?:need|needs|must|has to|have to)\b[^.?!\n]{0,30}\b(?:today|tomorrow|tonight|by (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the weekend))|before (?:the|my|our) (?:wedding|birthday|trip|flight|event|party))\b/i,
  },
  {
    kind: "offensive",
    pattern: /\b(?:f+u+c+k\w*|f\*+k\w*|shit\w*|bullshit|asshole\w*|bastard\w*|bitch\w*|dickhead\w*|idiot\w*|moron\w*|imbecile\w*|wtf|crap)\b/i,
  },
  {
    kind: "positive",
    pattern: /\b(?<!not\s)(?<!n't\s)(?:love|loved|great|amazing|awesome|thanks?|thank you|thx|ty|appreciate(?:d)?|happy|perfect|wonderful|excellent|brilliant|fantastic|delighted|lovely|beautiful|cheers)\b/i,
  },
];

export interface SentimentResult {
  flags: SentimentFlag[];
  evidence: Array<PhraseHit<SentimentFlag>>;
}

/** Flags from the lexicon; a legal or chargeback handover signal is threatening whatever the wording. */
export function sentimentOf(text: string, handover: readonly HandoverSignal[] = []): SentimentResult {
  const evidence = matchRules(text, SENTIMENT_RULES);
  const threat = handover.find((h) => h.kind !== "asks_for_human");
  if (threat && !evidence.some((e) => e.kind === "threatening")) evidence.push({ kind: "threatening", phrase: threat.phrase });
  // "Thanks for nothing" and "great, another delay" read positive to a lexicon; negative wins.
  const negative = evidence.some((e) => e.kind === "negative" || e.kind === "offensive" || e.kind === "threatening");
  const kept = negative ? evidence.filter((e) => e.kind !== "positive") : evidence;
  const order: SentimentFlag[] = ["negative", "threatening", "urgent", "offensive", "positive"];
  kept.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  return { flags: kept.map((e) => e.kind), evidence: kept };
}
