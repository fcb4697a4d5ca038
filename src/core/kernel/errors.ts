/** Error types cross every boundary (bus, IPC, HTTP) in this one shape. */
export type ErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'idempotency_error'
  | 'not_found'
  | 'rate_limit_error'
  | 'api_error';

export interface ErrorBody {
  type: ErrorType;
  code: string;
  message: string;
  param?: string | undefined;
  /** Extra machine-readable detail, e.g. the list of missing KYC fields. */
  details?: unknown;
}

export class KartuError extends Error {
  readonly type: ErrorType;
  readonly code: string;
  readonly param: string | undefined;
  readonly details: unknown;

  constructor(body: ErrorBody) {
    super(body.message);
    this.name = 'KartuError';
    this.type = body.type;
    this.code = body.code;
    this.param = body.param;
    this.details = body.details;
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { type: this.type, code: this.code, message: this.message };
    if (this.param !== undefined) body.param = this.param;
    if (this.details !== undefined) body.details = this.details;
    return body;
  }
}

export function invalid(code: string, message: string, param?: string, details?: unknown): KartuError {
  return new KartuError({ type: 'invalid_request_error', code, message, param, details });
}

export function notFound(what: string, id: string, param?: string): KartuError {
  return new KartuError({ type: 'not_found', code: 'resource_missing', message: `No such ${what}: '${id}'`, param });
}

export function forbidden(code: string, message: string): KartuError {
  return new KartuError({ type: 'permission_error', code, message });
}

/** Anything that is not a KartuError is an internal fault: its message may hold internals, so it stays in the log. */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof KartuError) return error.toBody();
  return { type: 'api_error', code: 'internal_error', message: 'An internal error occurred; it has been logged.' };
}
