// Runs sandboxed, bundled to one CommonJS file: it may require nothing but Electron's renderer
// modules. It exposes exactly one call and one subscription, and never Electron's event objects.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type RapportBridge } from '../shared/contract/bridge';
import type { BackendEvent } from '../shared/contract/index';

const bridge = {
  call: (method, input) => ipcRenderer.invoke(IPC_CALL_CHANNEL, method, input),
  on(listener) {
    const relay = (_event: IpcRendererEvent, payload: BackendEvent) => listener(payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, relay);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, relay);
    };
  },
} satisfies RapportBridge;

contextBridge.exposeInMainWorld('rapport', bridge);
