import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

export const SERVE_HELP = `Usage: npm run serve -- [options]

The headless Kartu host: the screens in a browser, the REST API (/v1) and the ISO 8583 port, on
this machine only (127.0.0.1). Prints the address to open, with a one-time sign-in link.

Options:
  --data-dir DIR       where the databases and the card-data key live
                       (default $KARTU_DATA_DIR, else ~/.kartu)
  --port N             HTTP port for the screens, their RPC and the REST API (default 4317; 0 = any free port)
  --iso-port N|off     ISO 8583 authorization port for sandbox (test-mode) cards (default 8583)
  --iso-port-live N    ISO 8583 port for live cards (default off)
  --host ADDR          address to listen on (default 127.0.0.1; anything else exposes Kartu to the network)
  --allowed-host NAME  another Host name to answer to, e.g. a LAN name with --host 0.0.0.0 (repeatable)
  --demo               fill an empty sandbox with the "Kopi Nusantara" demo story first
  --demo-seed N        the demo's random seed (default 2026)
  -h, --help           this help

Environment: KARTU_API_RATE_LIMIT (requests/s per API key, default 100), KARTU_LOG_LEVEL (default info).
`;

export interface ServeArgs {
  help: boolean;
  dataDir: string;
  port: number;
  host: string;
  isoPort: number | undefined;
  isoPortLive: number | undefined;
  allowedHosts: string[];
  demo: boolean;
  demoSeed: number | undefined;
}

/** Bad command-line arguments: the message says which and what is expected. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.KARTU_DATA_DIR && env.KARTU_DATA_DIR.length > 0 ? env.KARTU_DATA_DIR : join(homedir(), '.kartu');
}

function portOf(raw: string | undefined, flag: string, fallback: number | undefined, allowOff: boolean): number | undefined {
  if (raw === undefined) return fallback;
  if (allowOff && raw === 'off') return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) throw new UsageError(`${flag} must be a port number from 0 to 65535${allowOff ? " or 'off'" : ''}, not '${raw}'.`);
  return Number(raw);
}

export function parseServeArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ServeArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'iso-port': { type: 'string' },
        'iso-port-live': { type: 'string' },
        'allowed-host': { type: 'string', multiple: true },
        demo: { type: 'boolean' },
        'demo-seed': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const seed = values['demo-seed'];
  if (seed !== undefined && !/^\d{1,9}$/.test(seed)) throw new UsageError(`--demo-seed must be a whole number, not '${seed}'.`);
  const dataDir = values['data-dir'] ?? defaultDataDir(env);
  if (dataDir.trim() === '') throw new UsageError('--data-dir must name a folder.');
  const host = values.host ?? '127.0.0.1';
  if (host.trim() === '') throw new UsageError('--host must name an address, e.g. 127.0.0.1.');
  return {
    help: values.help ?? false,
    dataDir,
    port: portOf(values.port, '--port', 4317, false) as number,
    host,
    isoPort: portOf(values['iso-port'], '--iso-port', 8583, true),
    isoPortLive: portOf(values['iso-port-live'], '--iso-port-live', undefined, true),
    allowedHosts: values['allowed-host'] ?? [],
    demo: values.demo ?? false,
    demoSeed: seed === undefined ? undefined : Number(seed),
  };
}
