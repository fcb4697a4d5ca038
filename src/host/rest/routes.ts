import type { RestRoute } from './rest-route.js';
import { body, path, pathAndBody, query } from './rest-route.js';

/**
 * THE REST API TABLE: every route of http://127.0.0.1:PORT/v1, one line each.
 *
 * A route is a bus command: the host authenticates the key (which picks the sandbox or live
 * engine), checks `scope`, builds the command's input from the request, honours Idempotency-Key
 * on POST, runs `bus.execute(command, input, apiKeyActor)` and answers the result as JSON, or
 * the error as {"error": {type, code, message, param}} with the status of its type. No business
 * logic here: validation (unknown fields refused by name), permissions and writes are the core's.
 *
 * To add a route, add a line. Input builders (rest-route.ts):
 *   body()              the JSON body                       POST /v1/programs
 *   query()             the query string                    GET  /v1/programs?limit=10
 *   path()              the path parameters ({ id })        GET  /v1/programs/:id
 *   pathAndBody()       path parameters + body              POST /v1/programs/:id
 *   pathAndQuery()      path parameters + query string      GET  /v1/cardholders/:id/cards
 *   path({ id: 'x' })   renames a path parameter to the command's field name `x`
 * `idempotent: false` on a POST whose answer must never be stored (a revealed card number).
 * Keep `scope` equal to the command's permission scope (rest-routes.test.ts checks it).
 * More specific patterns need no ordering: a pattern matches whole segments only.
 */
export const REST_ROUTES: readonly RestRoute[] = [
  // method  path                        command            scope              input
  { method: 'POST', path: '/v1/programs',     command: 'program-create', scope: 'programs:write', input: body() },
  { method: 'GET',  path: '/v1/programs',     command: 'program-list',   scope: 'programs:read',  input: query() },
  { method: 'GET',  path: '/v1/programs/:id', command: 'program-get',    scope: 'programs:read',  input: path() },
  { method: 'POST', path: '/v1/programs/:id', command: 'program-update', scope: 'programs:write', input: pathAndBody() },
];
