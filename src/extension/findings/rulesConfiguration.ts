/**
 * The `contributes.configuration` section for the rules, made from the core's rule table. Pure (no
 * `vscode`): the contributions script writes it into package.json and a unit test compares.
 */

import { DEFAULT_MAX_SHOWN, RULES } from '../../core/diagnose';

/** `metricLens.rules.maxShownPerRun`: the budget of warnings and errors per run (see the core's budget.ts). */
export const MAX_SHOWN_SETTING = 'maxShownPerRun';

export interface ConfigurationSection {
  readonly title: string;
  readonly properties: Record<string, Record<string, unknown>>;
}

/**
 * The section, with its texts as `%keys%` (so they can be translated), and the English texts of
 * those keys for package.nls.json.
 */
export function rulesConfiguration(): { section: ConfigurationSection; nls: Record<string, string> } {
  const properties: Record<string, Record<string, unknown>> = {};
  const nls: Record<string, string> = {};
  const text = (key: string, value: string) => {
    nls[key] = value;
    return `%${key}%`;
  };
  for (const rule of RULES) {
    properties[`metricLens.rules.${rule.id}.enabled`] = {
      type: 'boolean',
      default: true,
      scope: 'resource',
      markdownDescription: text(
        `config.rules.${rule.id}.enabled`,
        `**${rule.title}** (\`${rule.id}\`): ${rule.description}`,
      ),
    };
    properties[`metricLens.rules.${rule.id}.severity`] = {
      type: 'string',
      enum: ['error', 'warning', 'info'],
      default: rule.severity,
      scope: 'resource',
      markdownDescription: text(
        `config.rules.${rule.id}.severity`,
        `How a \`${rule.id}\` finding is shown in the Problems panel.`,
      ),
    };
    for (const [name, p] of Object.entries(rule.params)) {
      properties[`metricLens.rules.${rule.id}.${name}`] = {
        type: p.integer ? 'integer' : 'number',
        default: p.default,
        minimum: p.minimum,
        maximum: p.maximum,
        scope: 'resource',
        markdownDescription: text(`config.rules.${rule.id}.${name}`, `\`${rule.id}\`: ${p.description}`),
      };
    }
  }
  properties[`metricLens.rules.${MAX_SHOWN_SETTING}`] = {
    type: 'integer',
    default: DEFAULT_MAX_SHOWN,
    minimum: 0,
    maximum: 1000,
    scope: 'resource',
    markdownDescription: text(
      `config.rules.${MAX_SHOWN_SETTING}`,
      'Warnings and errors shown per run, the most severe and surest first; the rest are listed in one information finding. 0 shows them all.',
    ),
  };
  return { section: { title: text('config.rules.title', 'Rules'), properties }, nls };
}
