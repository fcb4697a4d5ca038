import { programHandlers } from './programs/program-handlers.js';

/**
 * Every named operation of the engine. The bus, the IPC contract, the HTTP RPC and the renderer's
 * client are all typed from this one map. Names are `entity-verb`.
 */
export const handlers = {
  ...programHandlers,
};

export type Handlers = typeof handlers;
export type CommandName = keyof Handlers & string;
