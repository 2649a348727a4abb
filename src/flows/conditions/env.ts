import { Environment, EvaluationError } from "@marcbachmann/cel-js";

/**
 * The one CEL environment every flow expression runs in. Built once: the library documents
 * environment construction as the expensive part.
 *
 * - Every context variable is `dyn` (flow contexts are JSON-shaped and vary by trigger).
 * - List and map literals may mix types, so `x in [100, 150.5]` and `["a", 1]` are accepted.
 * - Context numbers arrive as CEL doubles (see context.ts) while literals like `100` are ints.
 *   CEL already compares int and double across types (`order.total_price > 100`), but has no
 *   mixed arithmetic; the operators registered here make `customer.orders_count + 1` and
 *   `order.total_price * 2` work and return doubles, as an operator would expect.
 */
const TS = "google.protobuf.Timestamp";

function mixed(op: "+" | "-" | "*" | "/" | "%"): (a: number, b: number) => number {
  switch (op) {
    case "+": return (a, b) => a + b;
    case "-": return (a, b) => a - b;
    case "*": return (a, b) => a * b;
    case "/": return (a, b) => a / b;
    case "%":
      // CEL has no double modulo; we allow it for "every 10th order" rules, but not by zero.
      return (a, b) => {
        if (b === 0) throw new EvaluationError("modulo by zero");
        return a % b;
      };
  }
}

function build(): Environment {
  const env = new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false });
  for (const op of ["+", "-", "*", "/", "%"] as const) {
    const f = mixed(op);
    env.registerOperator(`double ${op} int`, (a: number, b: bigint) => f(a, Number(b)));
    env.registerOperator(`int ${op} double`, (a: bigint, b: number) => f(Number(a), b));
  }
  env.registerOperator("double % double", mixed("%"));
  // `1 == 1.0` between literals (the library registers the mirrored `double == int` and `!=` itself);
  // `dyn` values already compare across numeric types.
  env.registerOperator("int == double", (a: bigint, b: number) => Number(a) === b);
  // An engine may hand us a timestamp where a string was expected; `timestamp(x)` then still works.
  env.registerFunction(`timestamp(${TS}): ${TS}`, (t: Date) => t);
  env.registerFunction(`string(${TS}): string`, (t: Date) => t.toISOString());
  return env;
}

export const celEnvironment: Environment = build();
