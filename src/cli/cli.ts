#!/usr/bin/env node
/**
 * metric-lens: the core, headless, so everything the editor shows can be checked in a terminal
 * or a CI job. Each command lives in its own module; this file only dispatches.
 */

import { UsageError } from './args';
import { INSPECT_USAGE, inspectCommand } from './inspect';
import { CLASSIFY_USAGE, classifyCommand } from './classify';
import { COMPARE_USAGE, compareCommand } from './compare';
import type { CliResult } from './common';

type Command = (argv: readonly string[]) => Promise<CliResult>;

const COMMANDS: ReadonlyMap<string, { run: Command; usage: string }> = new Map([
  ['inspect', { run: inspectCommand, usage: INSPECT_USAGE }],
  ['classify', { run: classifyCommand, usage: CLASSIFY_USAGE }],
  ['compare', { run: compareCommand, usage: COMPARE_USAGE }],
]);

function usage(): string {
  return (
    `usage: metric-lens <command> [options]\n\n${[...COMMANDS.values()].map((c) => c.usage).join('\n\n')}\n\n` +
    'Exit codes: 0 success, 2 an input could not be read at all or the usage is wrong.\n'
  );
}

export async function runCli(argv: readonly string[]): Promise<CliResult> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') return { code: 0, stdout: usage(), stderr: '' };
  const command = name ? COMMANDS.get(name) : undefined;
  if (!command)
    return { code: 2, stdout: '', stderr: `${name ? `metric-lens: unknown command "${name}"\n` : ''}${usage()}` };
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof UsageError) return { code: 2, stdout: '', stderr: `metric-lens: ${e.message}\n${usage()}` };
    throw e;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (r) => {
      process.stdout.write(r.stdout);
      process.stderr.write(r.stderr);
      process.exitCode = r.code;
    },
    (e: unknown) => {
      process.stderr.write(`metric-lens: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
