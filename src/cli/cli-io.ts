/** Where a command writes: standard output for results (the secret key last), standard error for the rest. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** All of standard input (for --pin-stdin). */
  readStdin(): Promise<string>;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

/** Bad arguments: exit code 2, the message says what is expected. */
export class UsageError extends Error {
  override name = 'UsageError';
}
