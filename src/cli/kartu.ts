import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { DataDirError, DatabaseOpenError } from '../core/kartu.js';
import { KartuError } from '../core/kernel/errors.js';
import { KeyFileError } from '../core/security/key-file.js';
import { defaultDataDir } from '../host/serve-args.js';
import { CLI_COMMANDS, type CliCommand } from './cli-commands.js';
import { processIo, UsageError, type CliIo } from './cli-io.js';

export const HELP = `Usage: npm run -s kartu -- <command> [options]

The Kartu command-line tool, over the same engine as the app. It works while \`npm run serve\`
runs on the same data directory.

Commands:
${CLI_COMMANDS.map((c) => `  ${c.name.padEnd(14)} ${c.summary}\n  ${' '.repeat(14)} ${c.usage}`).join('\n')}

  --data-dir DIR defaults to $KARTU_DATA_DIR, else ~/.kartu.
  kartu <command> --help shows one command's usage.

Exit codes: 0 done, 1 failed (message on stderr), 2 unknown command or bad arguments.
`;

function findCommand(words: string[]): { command: CliCommand; rest: string[] } | undefined {
  for (const command of CLI_COMMANDS) {
    const parts = command.name.split(' ');
    if (parts.every((part, i) => words[i] === part)) return { command, rest: words.slice(parts.length) };
  }
  return undefined;
}

function expected(error: unknown): error is Error {
  return error instanceof DataDirError || error instanceof DatabaseOpenError || error instanceof KeyFileError;
}

/** Runs one command line; returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const words = [...argv];
  if (words.length === 0) {
    io.err(HELP);
    return 2;
  }
  if (words[0] === '--help' || words[0] === '-h' || words[0] === 'help') {
    io.out(HELP);
    return 0;
  }
  const found = findCommand(words);
  if (!found) {
    const group = CLI_COMMANDS.filter((c) => c.name.startsWith(`${words[0]} `));
    if (group.length > 0 && (words[1] === undefined || words[1] === '--help' || words[1] === '-h')) {
      const stream = words[1] === undefined ? io.err : io.out;
      stream(group.map((c) => `${c.usage}\n    ${c.summary}`).join('\n'));
      return words[1] === undefined ? 2 : 0;
    }
    io.err(`kartu: unknown command '${words.slice(0, 2).join(' ')}'. Run \`npm run -s kartu -- --help\` for the list.`);
    return 2;
  }
  const { command, rest } = found;
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${command.usage}\n    ${command.summary}`);
    return 0;
  }
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: true });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const positionals = parsed.positionals;
    const wanted = command.positionals ?? 0;
    if (positionals.length !== wanted) {
      throw new UsageError(wanted === 0 ? `Unexpected argument '${positionals[0]}'.` : `Expected ${wanted} argument(s), got ${positionals.length}.`);
    }
    const values = { ...parsed.values } as Record<string, string | boolean | string[] | undefined>;
    if (Object.hasOwn(command.options, 'data-dir') && values['data-dir'] === undefined) values['data-dir'] = defaultDataDir(env);
    return await command.run(values, positionals, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`kartu ${command.name}: ${error.message}\nUsage: ${command.usage}`);
      return 2;
    }
    if (error instanceof KartuError) {
      io.err(`kartu ${command.name}: ${error.message}${error.param ? ` (${error.param})` : ''}`);
      return error.type === 'invalid_request_error' ? 2 : 1;
    }
    if (expected(error)) {
      io.err(`kartu ${command.name}: ${error.message}`);
      return 1;
    }
    io.err(`kartu ${command.name} failed: ${(error as Error)?.stack ?? String(error)}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
