// Runs sandboxed before the page: exposes `window.tallyline` (the shared Api) and nothing else.
// ipcRenderer itself stays here; the page only gets the functions built on it. Error codes ride in
// the messages, since contextBridge drops every other property of a rejected Error.
import { contextBridge, ipcRenderer } from 'electron';
import { encodeBridgedErrors } from '../../src-shared/bridged-errors';
import { createPreloadApi } from './preload-api';

contextBridge.exposeInMainWorld('tallyline', encodeBridgedErrors(createPreloadApi(ipcRenderer)));
