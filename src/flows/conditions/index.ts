export { toCelValue, toPlainValue, type CelContext } from "./context.js";
export { compileExpr, evaluateSource, type CompiledExpr, type CompileResult, type EvalResult } from "./compile.js";
export { evaluateCondition, ConditionOutcome } from "./explain.js";
export { compileTemplate, renderTemplate, templateExpressions, type Template, type CompileTemplateResult, type RenderTemplateResult } from "./template.js";
export { parseDuration, type DurationResult } from "./duration.js";
export { renderCel } from "./render.js";
