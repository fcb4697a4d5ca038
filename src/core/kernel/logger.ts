import pino from 'pino';

/** Structured logs. Card numbers must never reach them: callers log masked values only. */
export type Logger = pino.Logger;

export function createLogger(options: { level?: string; destination?: string; sync?: boolean } = {}): Logger {
  const level = options.level ?? process.env.KARTU_LOG_LEVEL ?? 'info';
  if (options.destination) {
    return pino({ level, redact: ['*.number', '*.pan', '*.cvc'] }, pino.destination({ dest: options.destination, sync: options.sync ?? false, mkdir: true }));
  }
  return pino({ level, redact: ['*.number', '*.pan', '*.cvc'] }, pino.destination(2));
}

export const silentLogger: Logger = pino({ level: 'silent' });
