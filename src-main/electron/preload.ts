// The preload script of FieldVault's window. It runs sandboxed, with context
// isolation, so it can require only 'electron'; it exposes window.fieldvault
// and nothing else. The whole logic lives in preload-bridge.ts (tested there);
// this file only hands it the real contextBridge and ipcRenderer.
import { contextBridge, ipcRenderer } from 'electron';
import { exposeBridge } from './preload-bridge';

exposeBridge(contextBridge, ipcRenderer);
