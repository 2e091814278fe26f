/**
 * Training-health findings from curves: the rule table, the one-shot and incremental entry points,
 * and hover context for a point. Rules over predictions (accuracy paradox, chance level from a
 * predictions file) live with the classification code.
 */

export {
  RULES,
  RULE_IDS,
  resolveRules,
  ruleSpec,
  type ParamSpec,
  type ResolvedRule,
  type RuleId,
  type RuleOverride,
  type RuleSettings,
  type RuleSpec,
} from './registry';
export { RunDiagnoser, diagnoseRun } from './diagnoser';
export { describePoint, type PointContext, type PointPlace } from './describePoint';
export { DEFAULT_MAX_SHOWN, MORE_FINDINGS } from './budget';
export { findingsOnce, near, sameRun, withoutTwins } from './sameRun';
