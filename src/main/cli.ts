/**
 * Headless entry: `foreseis COMMAND [args]`. Errors end with a one-line reason on stderr and a
 * non-zero exit code (1 for a failed operation, 2 for a usage error); stack traces only with
 * FORESEIS_DEBUG=1.
 */
import { parseArgs } from 'node:util';
import { toForeseisError } from '../shared/errors';
import { type Command, commands, type Output } from './cli/commands';

function optionHelp(c: Command): string {
  const rows = Object.entries(c.options).map(([name, o]) => {
    return `  --${name}${o.type === 'string' ? ' VALUE' : ''}`.padEnd(28) + o.description;
  });
  return [...rows, '  --help'.padEnd(28) + 'show this help'].join('\n');
}

function commandHelp(c: Command): string {
  return [`usage: ${c.usage}`, '', c.summary + '.', ...(c.details ? ['', c.details] : []), '', 'options:', optionHelp(c)].join('\n');
}

function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'foreseis — earthquake-precursor research workbench (headless)',
    '',
    'usage: foreseis COMMAND [ARGS] [--json]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    "run 'foreseis COMMAND --help' for a command's options",
  ].join('\n');
}

class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    process.stdout.write((target ? commandHelp(target) : mainHelp()) + '\n');
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  try {
    if (!command) throw new UsageError(`unknown command '${name}' (run 'foreseis --help')`);
    let parsed: ReturnType<typeof parseArgs>;
    try {
      const options = Object.fromEntries(Object.entries(command.options).map(([k, o]) => [k, { type: o.type }]));
      parsed = parseArgs({ args: rest, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    } catch (err) {
      throw new UsageError(`${(err as Error).message.split('\n')[0]} (run 'foreseis ${name} --help')`);
    }
    if (parsed.values.help) {
      process.stdout.write(commandHelp(command) + '\n');
      return 0;
    }
    const [min, max] = command.positionals;
    if (parsed.positionals.length < min || parsed.positionals.length > max) {
      throw new UsageError(`usage: ${command.usage}`);
    }
    const out: Output = {
      json: parsed.values.json === true,
      print: (text) => process.stdout.write(text + '\n'),
      printJson: (value) => process.stdout.write(JSON.stringify(value, null, 2) + '\n'),
    };
    await command.run(parsed.positionals, parsed.values as Record<string, string | boolean | undefined>, out);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`foreseis: ${err.message}\n`);
      return 2;
    }
    const e = toForeseisError(err);
    process.stderr.write(`foreseis: ${e.message}\n`);
    if (process.env.FORESEIS_DEBUG) process.stderr.write(`${(err as Error).stack ?? ''}\n`);
    return e.code === 'cancelled' ? 130 : 1;
  }
}

// Run when executed as the CLI (bin/foreseis.js imports this module), not when imported by tests.
// A closed pipe (`foreseis events DIR | head`) is not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const isEntry = process.argv[1] !== undefined && /foreseis(\.js)?$|cli\.ts$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    // exitCode, not exit(): a pipe may still be flushing stdout.
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`foreseis: ${toForeseisError(err).message}\n`);
      process.exit(1);
    },
  );
}

