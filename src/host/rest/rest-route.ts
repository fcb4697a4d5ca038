import type { ALL_SCOPES } from '../../core/bus/actor.js';
import type { CommandName } from '../../core/handlers.js';
import { invalid } from '../../core/kernel/errors.js';

export type Scope = (typeof ALL_SCOPES)[number];
export type HttpMethod = 'GET' | 'POST' | 'DELETE';

/** What a route builds its bus input from: path parameters, the query string, the JSON body. */
export interface RestRequestParts {
  params: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, unknown>;
}

export type InputBuilder = (parts: RestRequestParts) => unknown;

/** One line of the REST table: an HTTP route is a bus command, nothing more. */
export interface RestRoute {
  method: HttpMethod;
  /** `/v1/programs/:id`: `:name` matches one path segment. */
  path: string;
  command: CommandName;
  /** Checked before the input is read (403 permission_error); the bus checks it again. */
  scope: Scope;
  input: InputBuilder;
  /**
   * POST only, default true: the Idempotency-Key is honoured and the answer stored for replay.
   * False for an answer that must never be stored (a revealed card number): every call runs.
   */
  idempotent?: boolean;
  /**
   * POST only: a larger body than the API's 1 MB default, for a route that carries a file (a
   * settlement file of up to 100,000 rows). The HTTP layer drains at most 16 MB in any case.
   */
  bodyLimitBytes?: number;
}

/** Path parameters, renamed to the command's field names: `path({ id: 'cardholder' })`. */
function pathInput(params: Record<string, string>, rename: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) out[rename[name] ?? name] = value;
  return out;
}

/** A field both in the path and the body would be ambiguous: the path names the object. */
function merge(pathPart: Record<string, string>, rest: Record<string, unknown>, where: 'body' | 'query'): Record<string, unknown> {
  for (const name of Object.keys(pathPart)) {
    if (Object.hasOwn(rest, name)) throw invalid('parameter_duplicated', `'${name}' is given by the path; leave it out of the ${where}.`, name);
  }
  return { ...rest, ...pathPart };
}

/** The input is the JSON body. */
export const body = (): InputBuilder => (parts) => parts.body;
/** The input is the query string (lists: `?limit=10&starting_after=...`). */
export const query = (): InputBuilder => (parts) => parts.query;
/** The input is the path parameters (retrieve: `{ id }`). */
export const path = (rename: Record<string, string> = {}): InputBuilder => (parts) => pathInput(parts.params, rename);
/** Path parameters plus the JSON body (update, actions: `POST /v1/programs/:id`). */
export const pathAndBody = (rename: Record<string, string> = {}): InputBuilder => (parts) => merge(pathInput(parts.params, rename), parts.body, 'body');
/** Path parameters plus the query string (a list under an object: `/v1/cardholders/:id/...`). */
export const pathAndQuery = (rename: Record<string, string> = {}): InputBuilder => (parts) => merge(pathInput(parts.params, rename), parts.query, 'query');
