import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Kartu } from '../../core/kartu.js';
import { KartuError, toErrorBody } from '../../core/kernel/errors.js';
import type { Logger } from '../../core/kernel/logger.js';
import type { SessionStore } from '../../core/staff/sessions.js';
import { modeForCommand } from '../../core/staff/staff-handlers.js';
import { MODE_HEADER, type RpcMode } from '../../shared/rpc.js';
import { asObject, readJsonBody } from '../http/body.js';
import { HttpError, statusOf } from '../http/http-error.js';
import { sendJson } from '../http/respond.js';
import { notSignedIn, signedIn } from '../session/session-auth.js';

function modeOf(req: IncomingMessage): RpcMode {
  const raw = req.headers[MODE_HEADER.toLowerCase()];
  if (raw === 'test' || raw === 'live') return raw;
  throw new HttpError(400, { type: 'invalid_request_error', code: 'parameter_invalid', message: `${MODE_HEADER} must be 'test' (sandbox) or 'live'.`, param: MODE_HEADER });
}

/**
 * POST /rpc/<command> {"input": ...}: the renderer's calls, as the signed-in staff member, on the
 * database the screen's mode names (staff commands always on live.db). The bus decides what the
 * member's role may do; the answer is the envelope of src/shared/rpc.ts.
 */
export async function handleRpc(kartu: Kartu, sessions: SessionStore, log: Logger, req: IncomingMessage, res: ServerResponse, command: string): Promise<void> {
  try {
    const who = await signedIn(kartu, sessions, req);
    if (!who) throw notSignedIn();
    const mode = modeOf(req);
    const envelope = asObject(await readJsonBody(req));
    const unknown = Object.keys(envelope).find((key) => key !== 'input');
    if (unknown) throw new HttpError(400, { type: 'invalid_request_error', code: 'parameter_unknown', message: `The RPC body has only "input", not "${unknown}".`, param: unknown });
    const result = await kartu.engine(modeForCommand(command, mode)).bus.execute(command, envelope.input, who.actor);
    sendJson(res, 200, { ok: true, result });
  } catch (error) {
    if (!(error instanceof KartuError)) log.error({ err: error, command }, 'rpc command failed');
    if (error instanceof HttpError && error.closeConnection) res.setHeader('Connection', 'close');
    sendJson(res, statusOf(error), { ok: false, error: toErrorBody(error) }, error instanceof HttpError ? error.headers : {});
  }
}
