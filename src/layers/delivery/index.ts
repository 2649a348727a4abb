import type { Rule } from "../../flows/rule.js";
import { delayNoticeRule } from "./delay-notice.js";
import { exceptionAlertRule } from "./exception-alert.js";
import { holdReleaseRule } from "./hold-release.js";

/** The built-in delivery rule set (the flows issue turns these into flows). */
export const deliveryRules: readonly Rule[] = [delayNoticeRule, exceptionAlertRule, holdReleaseRule];
export { Channels, Metrics } from "./channels.js";
