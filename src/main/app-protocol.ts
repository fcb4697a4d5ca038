import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { FRAME_ANCESTORS, RENDERER_CSP } from '../shared/csp.js';

/**
 * The renderer is served from app://kartu/ rather than file://, so it has a real origin: the CSP's
 * 'self' means exactly the app's own files, and nothing else on disk can be fetched.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kartu';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Maps an app:// URL to a file inside the renderer folder, or null (other host, escape attempt). */
export function resolveAppFile(rendererDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const base = resolve(rendererDir);
  const file = resolve(base, `.${pathname === '/' ? '/index.html' : pathname}`);
  if (file !== base && !file.startsWith(base + sep)) return null;
  return file;
}

export function contentTypeOf(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': `${RENDERER_CSP}; ${FRAME_ANCESTORS}`,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** The protocol handler's body: a Response for the file, 404 otherwise. */
export async function appFileResponse(rendererDir: string, requestUrl: string): Promise<Response> {
  const file = resolveAppFile(rendererDir, requestUrl);
  if (!file) return new Response('Not found', { status: 404 });
  try {
    const body = await readFile(file);
    return new Response(body, { status: 200, headers: { 'Content-Type': contentTypeOf(file), ...SECURITY_HEADERS } });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}
