import { describe, expect, it } from 'vitest';
import { appPageUrl, contentSecurityPolicy, isAppPage, isTrustedSender } from '../../../src-main/electron/trusted-page';

const built = appPageUrl({ rendererDir: '/opt/Tallyline/resources/app.asar/out/renderer' });
const dev = appPageUrl({ rendererDir: '/ignored', devServerUrl: 'http://localhost:5173' });

describe('appPageUrl', () => {
  it('is the built index.html as a file URL, or the dev server when there is one', () => {
    expect(built).toBe('file:///opt/Tallyline/resources/app.asar/out/renderer/index.html');
    expect(dev).toBe('http://localhost:5173/');
  });

  it('escapes characters a path may hold', () => {
    expect(appPageUrl({ rendererDir: '/home/a b/#1/out/renderer' })).toBe('file:///home/a%20b/%231/out/renderer/index.html');
  });
});

describe('isAppPage', () => {
  it('accepts the built page with any query or fragment', () => {
    expect(isAppPage(built, built)).toBe(true);
    expect(isAppPage(`${built}?tab=history#top`, built)).toBe(true);
  });

  it('refuses any other local file, a look-alike path and other schemes', () => {
    expect(isAppPage('file:///tmp/index.html', built)).toBe(false);
    expect(isAppPage('file:///opt/Tallyline/resources/app.asar/out/renderer/index.html.evil', built)).toBe(false);
    expect(isAppPage('file://remote-host/opt/Tallyline/resources/app.asar/out/renderer/index.html', built)).toBe(false);
    expect(isAppPage('https://opt/Tallyline/resources/app.asar/out/renderer/index.html', built)).toBe(false);
    expect(isAppPage('about:blank', built)).toBe(false);
    expect(isAppPage('not a url', built)).toBe(false);
  });

  it('accepts every path of the dev server origin and nothing else', () => {
    expect(isAppPage('http://localhost:5173/src/main.ts', dev)).toBe(true);
    expect(isAppPage('http://localhost:5174/', dev)).toBe(false);
    expect(isAppPage('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isAppPage('https://localhost:5173/', dev)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  function contents(destroyed = false) {
    return { isDestroyed: () => destroyed } as unknown as Parameters<typeof isTrustedSender>[1] & object;
  }
  const frame = (url: string, parent: unknown = null) => ({ url, parent }) as never;

  it('trusts the top frame of the trusted window on the app page', () => {
    const wc = contents();
    expect(isTrustedSender({ sender: wc, senderFrame: frame(built) }, wc, built)).toBe(true);
  });

  it('refuses another window, a closed or destroyed one, a subframe, a gone frame and another page', () => {
    const wc = contents();
    expect(isTrustedSender({ sender: contents(), senderFrame: frame(built) }, wc, built)).toBe(false);
    expect(isTrustedSender({ sender: wc, senderFrame: frame(built) }, null, built)).toBe(false);
    const gone = contents(true);
    expect(isTrustedSender({ sender: gone, senderFrame: frame(built) }, gone, built)).toBe(false);
    expect(isTrustedSender({ sender: wc, senderFrame: frame(built, frame(built)) }, wc, built)).toBe(false);
    expect(isTrustedSender({ sender: wc, senderFrame: null }, wc, built)).toBe(false);
    expect(isTrustedSender({ sender: wc, senderFrame: frame('https://example.com/') }, wc, built)).toBe(false);
  });
});

describe('contentSecurityPolicy', () => {
  function directives(csp: string): Map<string, string> {
    return new Map(csp.split('; ').map((d) => [d.split(' ')[0]!, d.slice(d.indexOf(' ') + 1)]));
  }

  it('allows scripts only from the app: no inline script, no eval, no objects, frames or forms', () => {
    const d = directives(contentSecurityPolicy(built));
    expect(d.get('default-src')).toBe("'none'");
    expect(d.get('script-src')).toBe("'self'");
    expect(d.get('object-src')).toBe("'none'");
    expect(d.get('frame-src')).toBe("'none'");
    expect(d.get('form-action')).toBe("'none'");
    expect(d.get('base-uri')).toBe("'none'");
    expect(d.get('connect-src')).toBe("'self'");
  });

  it("lets the dev page reach its own server's HMR socket and nothing wider", () => {
    expect(directives(contentSecurityPolicy(dev)).get('connect-src')).toBe("'self' ws://localhost:5173");
    expect(directives(contentSecurityPolicy(dev)).get('script-src')).toBe("'self'");
  });
});
