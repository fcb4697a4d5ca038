import { KartuError, type ErrorBody, type ErrorType } from '../../core/kernel/errors.js';

/** HTTP status per error type (ARCHITECTURE.md, Local Card Issuance API). */
export const STATUS_BY_TYPE: Record<ErrorType, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found: 404,
  idempotency_error: 409,
  rate_limit_error: 429,
  api_error: 500,
};

/**
 * A refusal decided by the HTTP layer itself (size, media type, Host, Origin...), in the same
 * error shape as the engine's, with the HTTP status it needs when the type's default is not it.
 */
export class HttpError extends KartuError {
  constructor(
    readonly status: number,
    body: ErrorBody,
    /** Extra response headers, e.g. Retry-After or Allow. */
    readonly headers: Record<string, string> = {},
    /** The request body may be left unread: close the connection after answering. */
    readonly closeConnection = false,
  ) {
    super(body);
  }
}

export function statusOf(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  if (error instanceof KartuError) return STATUS_BY_TYPE[error.type] ?? 400;
  return 500;
}

export function httpError(status: number, type: ErrorType, code: string, message: string, param?: string): HttpError {
  return new HttpError(status, { type, code, message, param });
}
