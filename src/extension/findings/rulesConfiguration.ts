/**
 * The `contributes.configuration` section for the rules, made from the core's rule table. Pure (no
 * `vscode`): the contributions script writes it into package.json and a unit test compares.
 */

import { RULES } from '../../core/diagnose';

export interface ConfigurationSection {
  readonly title: string;
  readonly properties: Record<string, Record<string, unknown>>;
}

export function rulesConfiguration(): ConfigurationSection {
  const properties: Record<string, Record<string, unknown>> = {};
  for (const rule of RULES) {
    properties[`metricLens.rules.${rule.id}.enabled`] = {
      type: 'boolean',
      default: true,
      scope: 'resource',
      markdownDescription: `**${rule.title}** (\`${rule.id}\`): ${rule.description}`,
    };
    properties[`metricLens.rules.${rule.id}.severity`] = {
      type: 'string',
      enum: ['error', 'warning', 'info'],
      default: rule.severity,
      scope: 'resource',
      markdownDescription: `How a \`${rule.id}\` finding is shown in the Problems panel.`,
    };
    for (const [name, p] of Object.entries(rule.params)) {
      properties[`metricLens.rules.${rule.id}.${name}`] = {
        type: p.integer ? 'integer' : 'number',
        default: p.default,
        minimum: p.minimum,
        maximum: p.maximum,
        scope: 'resource',
        markdownDescription: `\`${rule.id}\`: ${p.description}`,
      };
    }
  }
  return { title: 'Rules', properties };
}
