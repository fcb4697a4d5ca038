import { z } from 'zod';
import { handlers } from '../../../core/handlers.js';
import { REST_ROUTES } from '../routes.js';
import type { RestRoute } from '../rest-route.js';
import { errorSchema, responseSchemaOf } from './response-schemas.js';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete out.$schema;
  return out;
}

const pathParams = (path: string): string[] => [...path.matchAll(/:([a-z_]+)/g)].map((m) => m[1] as string);

/** Where each path parameter lands in the command's input (the route's rename, e.g. id -> card). */
function renamedParams(route: RestRoute, names: string[]): Record<string, string> {
  const probe = Object.fromEntries(names.map((name) => [name, `__${name}__`]));
  const input = route.input({ params: probe, query: {}, body: {} }) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [field, value] of Object.entries(input ?? {})) {
    const match = typeof value === 'string' ? /^__(.+)__$/.exec(value) : null;
    if (match) out[match[1] as string] = field;
  }
  return out;
}

function withoutFields(schema: JsonSchema, fields: string[]): JsonSchema {
  const properties = { ...((schema.properties as Record<string, unknown>) ?? {}) };
  for (const field of fields) delete properties[field];
  const required = ((schema.required as string[]) ?? []).filter((name) => !fields.includes(name));
  return { ...schema, properties, ...(required.length ? { required } : { required: undefined }) };
}

const STATUS_OF_ERRORS: Record<string, string> = {
  '400': 'Bad input (invalid_request_error), naming the offending `param`; nothing was written.',
  '401': 'Missing or invalid API key (authentication_error).',
  '403': 'The key lacks the scope (permission_error).',
  '404': 'No such object (not_found).',
  '409': 'The Idempotency-Key was used with a different request (idempotency_error).',
  '429': 'Too many requests for this key (rate_limit_error).',
  '500': 'An internal fault (api_error); its details are in the host\'s log, never in the answer.',
};

/** What the HTTP layer refuses before a request body reaches the command. */
const STATUS_OF_BODY_ERRORS: Record<string, string> = {
  '413': 'The body is larger than the limit (invalid_request_error, body_too_large): 1 MB unless the operation says `x-kartu-body-limit-bytes`.',
  '415': 'The body is not JSON (invalid_request_error, unsupported_media_type).',
};

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/** The OpenAPI 3.1 document of /v1, derived from the route table and the commands' own schemas. */
export function buildOpenApi(): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of REST_ROUTES) {
    const operation = handlers[route.command];
    const names = pathParams(route.path);
    const rename = renamedParams(route, names);
    const input = withoutFields(jsonSchema(operation.input, 'input'), Object.values(rename));
    const openPath = route.path.replace(/:([a-z_]+)/g, '{$1}');
    const parameters: unknown[] = names.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
    const op: Record<string, unknown> = {
      operationId: `${route.command}${route.method === 'GET' ? '' : `-${route.method.toLowerCase()}`}`.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()),
      summary: route.command,
      'x-kartu-command': route.command,
      'x-kartu-scope': route.scope,
      security: [{ bearer: [] }],
      responses: {
        '200': { description: 'OK', content: { 'application/json': { schema: jsonSchema(responseSchemaOf(route.command), 'output') } } },
        ...Object.fromEntries(Object.entries(STATUS_OF_ERRORS).map(([status, description]) => [status, errorResponse(description)])),
        ...(route.method === 'POST' ? Object.fromEntries(Object.entries(STATUS_OF_BODY_ERRORS).map(([status, description]) => [status, errorResponse(description)])) : {}),
      },
    };
    if (route.method === 'POST') {
      if (route.idempotent !== false) parameters.push({ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } });
      op.requestBody = { required: false, content: { 'application/json': { schema: input } } };
      if (route.bodyLimitBytes !== undefined) op['x-kartu-body-limit-bytes'] = route.bodyLimitBytes;
    } else {
      for (const [name, schema] of Object.entries((input.properties as Record<string, unknown>) ?? {})) {
        parameters.push({ name, in: 'query', required: ((input.required as string[]) ?? []).includes(name), schema });
      }
    }
    if (parameters.length) op.parameters = parameters;
    paths[openPath] = { ...(paths[openPath] ?? {}), [route.method.toLowerCase()]: op };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kartu Card Issuance API',
      version: '1',
      description:
        'The local Card Issuance API of Kartu, served on http://127.0.0.1:PORT/v1. Amounts are integers in the minor unit of `currency`. ' +
        'Test-mode keys see only sandbox data, live keys only live data. Every POST takes an Idempotency-Key, except card reveal and ' +
        'webhook endpoint creation, whose answers hold secrets that are never stored for replay.',
    },
    servers: [{ url: 'http://127.0.0.1:4317' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A secret key: kartu_test_..., kartu_live_..., or a restricted rk_... key.' } },
      schemas: { Error: jsonSchema(errorSchema, 'output') },
    },
    paths,
  };
}
