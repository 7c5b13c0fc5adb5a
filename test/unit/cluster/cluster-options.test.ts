// The cluster's options at their edges (DESIGN §10): heartbeats off the wire, the NATS client's
// options (credentials and TLS passed through, read from real files), secrets kept out of log
// lines, and the cluster settings' validation (the serve flags: cluster-cli.test.ts).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nkeys } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHeartbeat, type Heartbeat } from '../../../src-main/engine/cluster/cluster-names';
import { NatsLink } from '../../../src-main/engine/cluster/nats-link';
import { natsOptions, redactUrl, secretsFromEnv } from '../../../src-main/engine/cluster/nats-options';
import { EngineError } from '../../../src-main/engine/errors';
import { validateSettingsPatch } from '../../../src-main/engine/validate';
import { DEFAULT_SETTINGS, type Settings } from '../../../src-shared/settings';
import { refusingPort } from '../../support/tcp';
import { pollUntil } from '../serve/support';

const HEARTBEAT: Heartbeat = {
  v: 1,
  node: 'n1',
  at: 1_764_417_780_000,
  window_ms: 60_000,
  events_per_sec: 12,
  rates_start: 1_764_417_770_000,
  rates: [3, 4, 5],
  current: { start_ms: 1_764_417_720_000, events: 40, bytes: 900, rejected: 1 },
  backlog: 0,
};

const bytes = (text: string) => new TextEncoder().encode(text);

describe('parseHeartbeat', () => {
  it('reads a heartbeat, also from a view into a larger buffer', () => {
    expect(parseHeartbeat(bytes(JSON.stringify(HEARTBEAT)))).toEqual(HEARTBEAT);
    const framed = bytes(`xxxx${JSON.stringify(HEARTBEAT)}yyyy`);
    expect(parseHeartbeat(framed.subarray(4, framed.length - 4))).toEqual(HEARTBEAT);
  });

  const BAD: [string, unknown][] = [
    ['another version', { ...HEARTBEAT, v: 2 }],
    ['a node that is not text', { ...HEARTBEAT, node: 7 }],
    ['a time that is text', { ...HEARTBEAT, at: '2025-11-29T12:03:00Z' }],
    ['rates that are not an array', { ...HEARTBEAT, rates: { 0: 1 } }],
    ['a rate that is not a number', { ...HEARTBEAT, rates: [1, '2'] }],
    ['a rate that is null (NaN as JSON writes it)', { ...HEARTBEAT, rates: [1, null] }],
    ['no current window', { ...HEARTBEAT, current: undefined }],
    ['a current window without events', { ...HEARTBEAT, current: { ...HEARTBEAT.current, events: undefined } }],
    ['no backlog', { ...HEARTBEAT, backlog: undefined }],
    ['an array', [HEARTBEAT]],
    ['null', null],
    ['a number', 5],
  ];
  it.each(BAD)('refuses %s', (_what, body) => {
    expect(parseHeartbeat(bytes(JSON.stringify(body)))).toBeNull();
  });

  it('refuses what is not JSON', () => {
    expect(parseHeartbeat(bytes('{"v":1,'))).toBeNull();
    expect(parseHeartbeat(new Uint8Array([0xff, 0xfe]))).toBeNull();
  });
});

describe('redactUrl', () => {
  it.each([
    ['nats://alice:s3cret@nats.example:4222', 'nats://nats.example:4222'],
    ['tls://t0ken@10.0.0.1:4222', 'tls://10.0.0.1:4222'],
    ['nats://alice:p@ss@host:4222', 'nats://host:4222'],
    ['nats://127.0.0.1:4222', 'nats://127.0.0.1:4222'],
    ['127.0.0.1:4222', '127.0.0.1:4222'],
  ])('%s -> %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });
});

describe('natsOptions', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tallyline-nats-options-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const settings = (over: Partial<Settings>): Settings => ({
    ...DEFAULT_SETTINGS,
    cluster_mode: 'node',
    cluster_urls: 'nats://127.0.0.1:4222',
    ...over,
  });

  it('names every server and reconnects for ever', () => {
    const o = natsOptions(settings({ cluster_urls: 'nats://a:4222, nats://b:4222' }), {}, 'tallyline node n1');
    expect(o).toMatchObject({ servers: ['nats://a:4222', 'nats://b:4222'], name: 'tallyline node n1', maxReconnectAttempts: -1 });
    expect(o.token).toBeUndefined();
    expect(o.user).toBeUndefined();
    expect(o.tls).toBeUndefined();
    expect(o.authenticator).toBeUndefined();
  });

  it('passes a token, and a user with its password, through', () => {
    expect(natsOptions(settings({}), { token: 'tok-1' }, 'x').token).toBe('tok-1');
    expect(natsOptions(settings({}), { user: 'alice', password: 'pw' }, 'x')).toMatchObject({ user: 'alice', pass: 'pw' });
  });

  it('takes the secrets from the environment', () => {
    const env = { TALLYLINE_NATS_TOKEN: 't', TALLYLINE_NATS_USER: 'u', TALLYLINE_NATS_PASSWORD: 'p', TALLYLINE_NATS_OTHER: 'o' };
    expect(secretsFromEnv(env)).toEqual({ token: 't', user: 'u', password: 'p' });
    expect(secretsFromEnv({})).toEqual({});
  });

  it('signs with the creds file it reads', () => {
    const user = nkeys.createUser();
    const seed = new TextDecoder().decode(user.getSeed());
    const jwt = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.e30.c2ln';
    const creds = join(dir, 'user.creds');
    writeFileSync(
      creds,
      `-----BEGIN NATS USER JWT-----\n${jwt}\n------END NATS USER JWT------\n\n` +
        `-----BEGIN USER NKEY SEED-----\n${seed}\n------END USER NKEY SEED------\n`,
    );
    const o = natsOptions(settings({ cluster_creds_file: creds }), {}, 'x');
    const nonce = 'a-nonce-from-the-server';
    const auth = (o.authenticator as (nonce?: string) => { jwt: string; nkey: string; sig: string })(nonce);
    expect(auth.jwt).toBe(jwt);
    expect(auth.nkey).toBe(user.getPublicKey());
    const sig = Buffer.from(auth.sig, 'base64url');
    expect(user.verify(new TextEncoder().encode(nonce), sig)).toBe(true);
  });

  it('passes the TLS files it reads', () => {
    const [ca, cert, key] = ['ca.pem', 'cert.pem', 'key.pem'].map((name) => {
      const path = join(dir, name);
      writeFileSync(path, `-----BEGIN ${name}-----\n${name} body\n-----END ${name}-----\n`);
      return path;
    });
    const o = natsOptions(settings({ cluster_tls_ca: ca, cluster_tls_cert: cert, cluster_tls_key: key }), {}, 'x');
    expect(o.tls).toEqual({ ca: readFileSync(ca!, 'utf8'), cert: readFileSync(cert!, 'utf8'), key: readFileSync(key!, 'utf8') });
    expect(natsOptions(settings({ cluster_tls_ca: ca }), {}, 'x').tls).toEqual({ ca: readFileSync(ca!, 'utf8') });
  });

  it.each(['cluster_creds_file', 'cluster_tls_ca', 'cluster_tls_cert', 'cluster_tls_key'] as const)(
    'refuses an unreadable %s with a BAD_REQUEST naming the setting and the path',
    (setting) => {
      const path = join(dir, 'missing', `${setting}.pem`);
      let thrown: unknown;
      try {
        natsOptions(settings({ [setting]: path }), {}, 'x');
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(EngineError);
      expect(thrown).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(`${setting}: cannot read ${path}: ENOENT`) });
    },
  );

  it('refuses empty cluster_urls with a BAD_REQUEST', () => {
    expect(() => natsOptions(settings({ cluster_urls: ' , ' }), {}, 'x')).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });
});

describe('NatsLink logs no secret', () => {
  it('when NATS cannot be reached: the servers without their user part, and neither token nor password', async () => {
    const refusing = await refusingPort();
    const logs: string[] = [];
    const s = { ...DEFAULT_SETTINGS, cluster_mode: 'node' as const, cluster_urls: `nats://alice:pw-in-url@127.0.0.1:${refusing.port}` };
    const link = new NatsLink(
      s,
      { token: 'tok-secret', user: 'bob', password: 'pw-secret' },
      'tallyline node n1',
      (_l, m) => logs.push(m),
      () => {},
    );
    try {
      link.start();
      await pollUntil(
        async () => logs.length,
        (n) => n > 0,
        'the log line saying NATS cannot be reached',
      );
    } finally {
      await link.close();
      await refusing.release();
    }
    expect(logs[0]).toContain(`cannot reach NATS at nats://127.0.0.1:${refusing.port}`);
    for (const line of logs) for (const secret of ['pw-in-url', 'alice', 'tok-secret', 'pw-secret']) expect(line).not.toContain(secret);
  });

  it('in every message nats-link.ts logs: a server in it goes through redactUrl', () => {
    const source = readFileSync(fileURLToPath(new URL('../../../src-main/engine/cluster/nats-link.ts', import.meta.url)), 'utf8');
    const logged = [...source.matchAll(/this\.log\([^`]*`([^`]*)`/g)].map((m) => m[1]!);
    expect(logged.length).toBeGreaterThanOrEqual(4);
    const parts = logged.flatMap((text) => [...text.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]!));
    for (const part of parts) {
      if (/server|url|nc\b/i.test(part)) expect(part, 'a server in a log line').toMatch(/^redactUrl\(/);
      else expect(['where', 'STREAM', '(err as Error).message']).toContain(part);
    }
    // `where` is the server list, each one redacted.
    expect(source).toMatch(/const where = serversOf\(this\.settings\)\.map\(redactUrl\)/);
  });
});

describe('validateSettingsPatch: the cluster settings', () => {
  it.each(['off', 'node', 'view'])('accepts cluster_mode %s', (mode) => {
    expect(validateSettingsPatch({ cluster_mode: mode })).toEqual({ cluster_mode: mode });
  });

  it.each([['master'], [''], [1], [null]])('refuses cluster_mode %j', (mode) => {
    expect(() => validateSettingsPatch({ cluster_mode: mode })).toThrow(/cluster_mode must be one of off, node, view/);
  });

  it('accepts NATS URLs, each checked, spaces and empty items dropped', () => {
    expect(validateSettingsPatch({ cluster_urls: ' nats://a:4222, tls://b.example:4223,,ws://c:80 ,wss://u:p@d:443' })).toEqual({
      cluster_urls: 'nats://a:4222,tls://b.example:4223,ws://c:80,wss://u:p@d:443',
    });
    expect(validateSettingsPatch({ cluster_urls: '' })).toEqual({ cluster_urls: '' });
  });

  it.each(['http://a:4222', 'nats://a:4222/path', 'a:4222', 'nats://a b:4222', 'nats://'])('refuses the URL %s, naming it', (url) => {
    expect(() => validateSettingsPatch({ cluster_urls: `nats://ok:4222,${url}` })).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST', message: expect.stringContaining(JSON.stringify(url)) }),
    );
  });

  it('refuses cluster_urls that are not text', () => {
    expect(() => validateSettingsPatch({ cluster_urls: ['nats://a:4222'] })).toThrow(/cluster_urls must be text/);
  });

  it.each(['n1', 'node-2_b', 'A'.repeat(64), ''])('accepts cluster_node %j', (name) => {
    expect(validateSettingsPatch({ cluster_node: name })).toEqual({ cluster_node: name });
  });

  it.each(['a.b', 'a b', '>', '*', 'A'.repeat(65), 'é', 5])('refuses cluster_node %j (not a subject token)', (name) => {
    expect(() => validateSettingsPatch({ cluster_node: name })).toThrow(/cluster_node must be 1 to 64 letters, digits, - or _/);
  });

  it('takes file paths trimmed and refuses a NUL in one', () => {
    expect(validateSettingsPatch({ cluster_creds_file: ' /etc/nats/u.creds ' })).toEqual({ cluster_creds_file: '/etc/nats/u.creds' });
    expect(() => validateSettingsPatch({ cluster_tls_key: 'a\0b' })).toThrow(/cluster_tls_key must be the path of a file/);
  });
});
