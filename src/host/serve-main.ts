import { pathToFileURL } from 'node:url';
import { createLogger } from '../core/kernel/logger.js';
import { DataDirError, DatabaseOpenError } from '../core/kartu.js';
import { KeyFileError } from '../core/security/key-file.js';
import { parseServeArgs, SERVE_HELP, UsageError, type ServeArgs } from './serve-args.js';
import { HostStartError, startHost, type Host } from './start-host.js';

/** Errors that are the situation's, not a bug: said in one sentence, no stack trace. */
function isExpected(error: unknown): error is Error {
  return error instanceof DataDirError || error instanceof DatabaseOpenError || error instanceof KeyFileError || error instanceof HostStartError;
}

/**
 * `npm run serve` after the renderer is built (scripts/serve.mjs), or directly:
 * `npx tsx src/host/serve-main.ts [options]`. Exit codes: 0 after a clean shutdown, 1 when the
 * host cannot start (port in use, data folder or database unusable), 2 for bad arguments.
 */
export async function runServe(args: ServeArgs): Promise<number> {
  const log = createLogger();
  let host: Host;
  try {
    host = await startHost({
      dataDir: args.dataDir,
      port: args.port,
      host: args.host,
      isoPort: args.isoPort,
      isoPortLive: args.isoPortLive,
      allowedHosts: args.allowedHosts,
      demo: args.demo,
      ...(args.demoSeed !== undefined ? { demoSeed: args.demoSeed } : {}),
      log,
    });
  } catch (error) {
    if (isExpected(error)) process.stderr.write(`Kartu could not start: ${error.message}\n`);
    else process.stderr.write(`Kartu could not start: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
  if (args.host !== '127.0.0.1' && args.host !== 'localhost' && args.host !== '::1') {
    process.stderr.write(`Warning: listening on ${args.host}, so other machines can reach this Kartu. Signed-in sessions and API keys still apply.\n`);
  }
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) {
        process.stderr.write('Stopping now.\n');
        process.exit(130);
      }
      stopping = true;
      process.stderr.write(`${signal}: stopping Kartu (finishing requests, then closing the databases)...\n`);
      host.close().then(
        () => {
          process.stderr.write('Kartu stopped.\n');
          resolve(0);
        },
        (error: unknown) => {
          process.stderr.write(`Kartu did not stop cleanly: ${(error as Error).message}\n`);
          resolve(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export async function main(argv: readonly string[]): Promise<number> {
  let args: ServeArgs;
  try {
    args = parseServeArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${SERVE_HELP}`);
      return 2;
    }
    throw error;
  }
  if (args.help) {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  return runServe(args);
}

// Run directly (tsx src/host/serve-main.ts): not when imported by scripts/serve.mjs or a test.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
