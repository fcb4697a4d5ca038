import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  IPC_COMMANDS,
  IPC_EVENT,
  IPC_OPEN_EXTERNAL,
  IPC_SESSION,
  IPC_SIGN_IN,
  IPC_SIGN_OUT,
  channelOf,
  methodOf,
  type KartuBridge,
  type UiEvent,
} from '../shared/ipc-contract.js';

/**
 * `window.kartu`: one frozen object with a named method per contract entry (`programCreate`,
 * `cardList`, ...) and the session calls. The renderer never sees ipcRenderer, so it can reach
 * exactly these channels and nothing else.
 */
const methods: Record<string, unknown> = {};
for (const name of IPC_COMMANDS) {
  const channel = channelOf(name);
  methods[methodOf(name)] = (input: unknown, mode: unknown) => ipcRenderer.invoke(channel, input, mode);
}

const bridge = Object.freeze({
  ...methods,
  bridge: 'ipc',
  session: () => ipcRenderer.invoke(IPC_SESSION),
  signIn: (input: unknown) => ipcRenderer.invoke(IPC_SIGN_IN, input),
  signOut: () => ipcRenderer.invoke(IPC_SIGN_OUT),
  openExternal: (url: unknown) => ipcRenderer.invoke(IPC_OPEN_EXTERNAL, url),
  onEvent(listener: (event: UiEvent) => void) {
    // Only the payload crosses: the IpcRendererEvent (with its sender) stays here.
    const wrapped = (_event: IpcRendererEvent, payload: UiEvent) => listener(payload);
    ipcRenderer.on(IPC_EVENT, wrapped);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, wrapped);
    };
  },
}) as unknown as KartuBridge;

contextBridge.exposeInMainWorld('kartu', bridge);
