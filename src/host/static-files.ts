import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FRAME_ANCESTORS, RENDERER_CSP } from '../shared/csp.js';
import { sendPage } from './http/respond.js';

/** out/renderer of this checkout, where `npm run build:web` puts the browser build. */
export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../out/renderer/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const HTML_CSP = `${RENDERER_CSP}; ${FRAME_ANCESTORS}`;

async function fileAt(path: string): Promise<Buffer | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? await readFile(path) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The renderer's files. Only files under the build folder are served; a path without an
 * extension is a screen of the app and gets index.html. Hashed assets are cached for good,
 * index.html is revalidated so that a new build shows at the next load.
 */
export class StaticFiles {
  private readonly root: string;

  constructor(rendererDir: string = DEFAULT_RENDERER_DIR) {
    this.root = resolve(rendererDir);
  }

  async serve(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const head = req.method === 'HEAD';
    let relative: string;
    try {
      relative = decodeURIComponent(pathname);
    } catch {
      relative = '\u0000';
    }
    const target = normalize(join(this.root, relative));
    if (relative.includes('\u0000') || (target !== this.root && !target.startsWith(this.root + sep))) {
      sendPage(res, 404, 'Not found', ['There is nothing at this address.']);
      return;
    }
    let path = target;
    let content = relative.endsWith('/') ? undefined : await fileAt(target);
    if (!content && extname(relative) === '') {
      path = join(this.root, 'index.html');
      content = await fileAt(path);
      if (!content) {
        sendPage(res, 503, 'The Kartu screens are not built yet', [
          'Build them with <code>npm run build:web</code> (or start with <code>npm run serve</code>, which builds them when needed), then reload this page.',
          'The API at <code>/v1</code> works meanwhile.',
        ]);
        return;
      }
    }
    if (!content) {
      sendPage(res, 404, 'Not found', ['There is nothing at this address.']);
      return;
    }
    const type = TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
    const immutable = relative.startsWith('/assets/');
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': String(content.length),
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...(type.startsWith('text/html') ? { 'Content-Security-Policy': HTML_CSP } : {}),
    });
    res.end(head ? undefined : content);
  }
}
