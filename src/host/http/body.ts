import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';

/** 1 MB: far above any honest request (a program's logo included), far below a memory problem. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
const DRAIN_CAP_BYTES = 16 * 1024 * 1024;

function tooLarge(limit: number): HttpError {
  return new HttpError(
    413,
    { type: 'invalid_request_error', code: 'body_too_large', message: `The request body is larger than ${limit} bytes.` },
    {},
    true,
  );
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return req.headers['transfer-encoding'] !== undefined;
}

/** application/json, with or without a charset (which must then be UTF-8). */
function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [type, ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return parameters.every((p) => !p.startsWith('charset=') || p === 'charset=utf-8' || p === 'charset="utf-8"');
}

/**
 * The body as text, within `limit`. Listeners stay attached after the answer is known (a late
 * 'error' is then handled, not thrown) and are written inline: this runs for every API request.
 */
function readText(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > DRAIN_CAP_BYTES) {
        settled = true;
        req.pause();
        reject(tooLarge(limit));
      } else if (size <= limit) {
        chunks.push(chunk);
      }
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      if (size > limit) reject(tooLarge(limit));
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (error: Error) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
  });
}

/**
 * Reads a JSON request body: refused with 415 unless it is JSON, 413 past the limit (from
 * Content-Length before reading a byte, or while streaming a chunked body), 400 if it does not
 * parse. An empty body is `undefined`.
 */
export async function readJsonBody(req: IncomingMessage, limit = DEFAULT_BODY_LIMIT_BYTES): Promise<unknown> {
  if (!hasBody(req)) return undefined;
  if (!isJson(req.headers['content-type'])) {
    throw new HttpError(
      415,
      { type: 'invalid_request_error', code: 'unsupported_media_type', message: 'Send the body as JSON, with Content-Type: application/json.' },
      {},
      true,
    );
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  // Past the limit the rest is read and dropped, so that the client sees the 413 instead of a
  // broken pipe; past the drain cap the connection is simply closed after answering.
  if (declared > DRAIN_CAP_BYTES) throw tooLarge(limit);
  const text = await readText(req, limit);
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpError(400, { type: 'invalid_request_error', code: 'invalid_json', message: `The body is not valid JSON: ${(error as Error).message}` });
  }
}

/** The public API takes a JSON object at the top level (not an array or a bare value). */
export function asObject(value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new HttpError(400, { type: 'invalid_request_error', code: 'invalid_body', message: 'The body must be a JSON object.' });
  }
  return value as Record<string, unknown>;
}
