import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Kartu } from '../../core/kartu.js';
import { invalid, KartuError, toErrorBody } from '../../core/kernel/errors.js';
import { isAllowed } from '../../core/bus/actor.js';
import type { Logger } from '../../core/kernel/logger.js';
import { asObject, readJsonBody } from '../http/body.js';
import { HttpError, statusOf } from '../http/http-error.js';
import { sendRawJson } from '../http/respond.js';
import { Router } from '../http/router.js';
import { ApiAuthenticator } from './api-auth.js';
import type { AuthThrottle } from './auth-throttle.js';
import { Idempotency, IDEMPOTENCY_HEADER, requestHash, validIdempotencyKey, type AnswerRecorder, type ApiAnswer, type ExecutedAnswer } from './idempotency.js';
import { RateLimiter } from './rate-limiter.js';
import type { RestRoute } from './rest-route.js';
import { REST_ROUTES } from './routes.js';
import type { AuthorizationQueue } from '../../core/authorization/authorization-queue.js';
import { buildOpenApi } from './openapi/build-openapi.js';

export const OPENAPI_PATH = '/v1/openapi.json';
let openApiCache: string | null = null;
const openApiText = (): string => (openApiCache ??= JSON.stringify(buildOpenApi()));

export const API_PREFIX = '/v1';

export interface RestApiOptions {
  kartu: Kartu;
  log: Logger;
  throttle: AuthThrottle;
  rateLimiter: RateLimiter;
  routes?: readonly RestRoute[];
  idempotency?: Idempotency;
  /** Authorizations go through the group-commit queue of their database, when the host has one. */
  authorizationQueues?: Record<'test' | 'live', AuthorizationQueue>;
}

/** Commands that are decisions: many of them share one durable commit through the queue. */
const QUEUED_COMMANDS = new Set(['authorization-create', 'test-helper-authorize']);

function errorAnswer(error: unknown): ApiAnswer & { fault: boolean; headers: Record<string, string> } {
  return {
    status: statusOf(error),
    body: JSON.stringify({ error: toErrorBody(error) }),
    fault: !(error instanceof KartuError),
    headers: error instanceof HttpError ? error.headers : {},
  };
}

/** One query value per name: `?limit=1&limit=2` is refused rather than guessed. */
function queryObject(search: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of search) {
    if (Object.hasOwn(out, name)) throw new HttpError(400, { type: 'invalid_request_error', code: 'parameter_duplicated', message: `'${name}' is given more than once.`, param: name });
    out[name] = value;
  }
  return out;
}

/**
 * The public REST API under /v1: authentication, rate limit, the route table, idempotency, and
 * the error shape. Everything else is the bus's.
 */
export class RestApi {
  private readonly router = new Router<RestRoute>();
  private readonly auth: ApiAuthenticator;
  private readonly idempotency: Idempotency;

  constructor(private readonly options: RestApiOptions) {
    for (const route of options.routes ?? REST_ROUTES) this.router.add(route.method, route.path, route);
    this.auth = new ApiAuthenticator(options.kartu, options.throttle);
    this.idempotency = options.idempotency ?? new Idempotency();
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    let answer: ApiAnswer & { headers?: Record<string, string>; replayed?: boolean };
    try {
      answer = await this.answer(req, url);
    } catch (error) {
      const failed = errorAnswer(error);
      if (failed.fault) this.options.log.error({ err: error, method: req.method, path: url.pathname }, 'api request failed');
      answer = failed;
      if (error instanceof HttpError && error.closeConnection) res.setHeader('Connection', 'close');
    }
    const headers: Record<string, string> = { ...answer.headers };
    if (answer.replayed) headers['Idempotent-Replayed'] = 'true';
    sendRawJson(res, answer.status, answer.body, headers);
  }

  private async answer(req: IncomingMessage, url: URL): Promise<ApiAnswer & { headers?: Record<string, string>; replayed?: boolean }> {
    const method = (req.method ?? 'GET').toUpperCase();
    // The API's own description is public: it holds no data, and clients fetch it before they have a key.
    if (method === 'GET' && url.pathname === OPENAPI_PATH) return { status: 200, body: openApiText() };
    const { actor, engine } = await this.auth.authenticate(req);
    const limited = this.options.rateLimiter.take(actor.id);
    if (!limited.ok) {
      throw new HttpError(
        429,
        { type: 'rate_limit_error', code: 'rate_limit', message: `Too many requests for this key (limit ${this.options.rateLimiter.ratePerSecond}/s). Slow down and retry.` },
        { 'Retry-After': String(Math.max(1, Math.ceil(limited.retryAfterMs / 1000))) },
      );
    }
    const match = this.router.match(method, url.pathname);
    if (match.kind === 'not_found') {
      throw new HttpError(404, { type: 'not_found', code: 'route_not_found', message: `Unrecognized request URL (${method} ${url.pathname}).` });
    }
    if (match.kind === 'method_not_allowed') {
      throw new HttpError(
        405,
        { type: 'invalid_request_error', code: 'method_not_allowed', message: `${url.pathname} does not take ${method}; it takes ${match.allowed.join(', ')}.` },
        { Allow: match.allowed.join(', ') },
      );
    }
    const route = match.value;
    if (!isAllowed(actor, { scope: route.scope, role: 'owner' })) {
      throw new HttpError(403, { type: 'permission_error', code: 'insufficient_permissions', message: `This key does not have the '${route.scope}' scope this request needs.` });
    }
    const body = method === 'GET' || method === 'HEAD' ? {} : asObject(await readJsonBody(req, route.bodyLimitBytes));
    const parts = { params: match.params, query: queryObject(url.searchParams), body };
    const queue = QUEUED_COMMANDS.has(route.command) ? this.options.authorizationQueues?.[engine.mode] : undefined;
    const execute = async (recorder: AnswerRecorder | undefined): Promise<ExecutedAnswer> => {
      try {
        if (queue && route.command === 'test-helper-authorize' && engine.mode !== 'test') {
          throw invalid('sandbox_only', 'Test helpers work only in the sandbox (test mode).');
        }
        const input = route.input(parts);
        if (queue) return { status: 200, body: JSON.stringify(await queue.submit(input, actor)) };
        if (!recorder) return { status: 200, body: JSON.stringify(await engine.bus.execute(route.command, input, actor)) };
        // The answer is rendered once, inside the transaction, and both sent and stored.
        let rendered: ApiAnswer | undefined;
        const render = (output: unknown): ApiAnswer => (rendered = { status: 200, body: JSON.stringify(output) });
        const result = await engine.bus.execute(route.command, input, actor, { inTransaction: recorder(render) });
        return rendered ? { ...rendered, recorded: true } : { status: 200, body: JSON.stringify(result) };
      } catch (error) {
        const failed = errorAnswer(error);
        if (failed.fault) this.options.log.error({ err: error, command: route.command }, 'api command failed');
        return failed;
      }
    };
    const key = method === 'POST' && route.idempotent !== false ? validIdempotencyKey(req.headers[IDEMPOTENCY_HEADER]) : undefined;
    if (key === undefined) return execute(undefined);
    return this.idempotency.run({
      db: engine.services.db,
      // Idempotency records touch nothing a decision reads: the authorization queue keeps its session.
      syncedLater: (work) => engine.database.transactionSyncedLater(work, { neutral: true }),
      apiKeyId: actor.id,
      key,
      hash: requestHash(method, url.pathname, body),
      inTransaction: queue === undefined,
      execute,
    });
  }
}
