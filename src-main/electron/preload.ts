import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('tallyline', {});
