import type { Api } from '../../src-shared/api';

declare global {
  interface Window {
    /**
     * The preload's API in Electron, its error codes carried in messages (read it through
     * connectApi); absent in a browser, where the HTTP/WebSocket client stands in.
     */
    tallyline?: Api;
  }
}

export {};
