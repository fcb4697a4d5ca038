import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface KillChildOptions {
  /** The TypeScript child script and its arguments. */
  script: string;
  args: readonly string[];
  /** Lines the child prints for each acknowledged write, starting with "ACK ". */
  onAck(line: string): void;
  /** How many acknowledgements before the kill is armed. */
  minAcks: number;
  /** How long after arming the kill lands (a random moment, chosen by the caller). */
  extraMs: number;
  /** Give up (and fail) when the child has not acknowledged enough by then. */
  timeoutMs: number;
}

/**
 * For crash tests: runs a child process until it has acknowledged `minAcks` writes plus a moment,
 * then SIGKILLs it. Resolves once it is dead; fails if it ended by itself or never got there.
 * The child is node itself with tsx as a loader: an `npx tsx` wrapper would take the SIGKILL and
 * leave the real process running (and writing) while the database is checked.
 */
export function runUntilKilled(options: KillChildOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', options.script, ...options.args], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let acks = 0;
    let buffer = '';
    let stderr = '';
    let armed = false;
    const timeout = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`child did not reach ${options.minAcks} answers in time: ${stderr.slice(-2000)}`));
    }, options.timeoutMs);
    proc.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('ACK ')) continue;
        acks++;
        options.onAck(line);
      }
      if (!armed && acks >= options.minAcks) {
        armed = true;
        setTimeout(() => proc.kill('SIGKILL'), options.extraMs);
      }
    });
    proc.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    proc.on('exit', (code, signal) => {
      clearTimeout(timeout);
      if (signal !== 'SIGKILL') reject(new Error(`child ended by itself (${signal ?? code}): ${stderr.slice(-2000)}`));
      else resolve();
    });
  });
}
