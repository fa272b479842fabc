#!/usr/bin/env node
import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand } from './command';

const folder = join(__dirname, 'commands');
const load = (file: string) => (require(join(folder, file)) as { default: CliCommand }).default;

/** Every `<name>.command.(ts|js)` under commands/, in name order. */
function loadCommands(): CliCommand[] {
  return readdirSync(folder)
    .filter((file) => /\.command\.(ts|js)$/.test(file) && !file.endsWith('.d.ts'))
    .sort()
    .map(load);
}

/** The command `name` alone, from its own file: a command loads only what it uses. */
function loadCommand(name: string | undefined): CliCommand | undefined {
  if (!name || !/^[a-z][a-z0-9-]*$/.test(name)) return undefined;
  const file = readdirSync(folder).find((f) => f === `${name}.command${extname(__filename)}`);
  const command = file ? load(file) : undefined;
  return command?.name === name ? command : undefined;
}

async function main(argv: string[]): Promise<number> {
  const command = loadCommand(argv[0]) ?? loadCommands().find((c) => c.name === argv[0]);
  if (!command) {
    const usage = `Usage:\n${loadCommands().map((c) => c.usage).join('\n\n')}`;
    const asked = argv[0] === undefined || argv.includes('--help') || argv[0] === 'help';
    (asked ? console.log : console.error)(usage);
    return asked && argv[0] !== undefined ? 0 : 1;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv.slice(1), allowPositionals: true, options: { ...command.options, help: { type: 'boolean', default: false } } });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n\n${command.usage}`);
    return 1;
  }
  if (parsed.values.help) {
    console.log(command.usage);
    return 0;
  }
  return command.run(parsed.positionals, parsed.values as Record<string, string | boolean | string[] | undefined>);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
