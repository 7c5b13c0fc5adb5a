// Runs sandboxed before the page: exposes `window.tallyline` (the shared Api) and nothing else.
// ipcRenderer itself stays here; the page only gets the functions built on it.
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './preload-api';

contextBridge.exposeInMainWorld('tallyline', createPreloadApi(ipcRenderer));
