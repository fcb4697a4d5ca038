import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHost, type Host, type HostOptions } from '../start-host.js';

export interface TestHost extends Host {
  dataDir: string;
  lines: string[];
  /** Stops the host and removes its data directory. */
  stop(): Promise<void>;
}

export const FAKE_INDEX = '<!doctype html><html><head><title>Kartu test build</title></head><body><div id="root"></div></body></html>';

/** A host on a free port over a fresh temporary data directory, with a stand-in renderer build. */
export async function startTestHost(options: Partial<HostOptions> = {}): Promise<TestHost> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kartu-host-'));
  const rendererDir = join(dataDir, 'renderer-build');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), FAKE_INDEX);
  writeFileSync(join(rendererDir, 'assets', 'app-1234.js'), 'console.log("kartu")');
  const lines: string[] = [];
  const host = await startHost({ dataDir, port: 0, rendererDir, print: (line) => lines.push(line), closeGraceMs: 500, ...options });
  return Object.assign(host, {
    dataDir,
    lines,
    stop: async () => {
      await host.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** A JSON body (sets Content-Type). */
  json?: unknown;
}

/**
 * An HTTP request with full control of the headers (fetch would not let a test send a foreign
 * Host). Host defaults to the host's own 127.0.0.1:PORT.
 */
export function raw(port: number, req: RawRequest): Promise<RawResponse> {
  const headers: Record<string, string> = { Host: `127.0.0.1:${port}`, ...req.headers };
  let body = req.body;
  if (req.json !== undefined) {
    body = JSON.stringify(req.json);
    headers['Content-Type'] ??= 'application/json';
  }
  if (body !== undefined) headers['Content-Length'] ??= String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: '127.0.0.1', port, method: req.method ?? 'GET', path: req.path, headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    outgoing.on('error', reject);
    if (body !== undefined) outgoing.write(body);
    outgoing.end();
  });
}

/** The session cookie the sign-in link sets (name=value), for later requests. */
export function cookieOf(response: RawResponse): string | undefined {
  const set = response.headers['set-cookie'];
  const first = Array.isArray(set) ? set[0] : set;
  return first?.split(';')[0];
}

/** Opens the printed sign-in link and returns the session cookie. */
export async function signInWithLink(host: Host): Promise<string> {
  const url = new URL(host.signInUrl);
  const response = await raw(host.port, { path: `${url.pathname}${url.search}` });
  const cookie = cookieOf(response);
  if (response.status !== 303 || !cookie) throw new Error(`sign-in link answered ${response.status}`);
  return cookie;
}
