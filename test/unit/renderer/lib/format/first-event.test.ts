import { describe, expect, it } from 'vitest';
import { connectHost, firstEventCommands } from '../../../../../src-renderer/src/lib/format/first-event';

describe('firstEventCommands', () => {
  it('gives netcat, Python and tallyline send commands for the listening host and port, exactly', () => {
    expect(firstEventCommands('127.0.0.1', 9471).map((c) => [c.id, c.command])).toEqual([
      ['nc', "printf 'signup\\n' | nc -q1 127.0.0.1 9471"],
      ['python', `python3 -c "import socket; s=socket.create_connection(('127.0.0.1', 9471)); s.sendall(b'signup\\n')"`],
      ['tallyline', 'npx tallyline send --to 127.0.0.1:9471 --rate 10 --duration 5'],
    ]);
  });

  it('sends to loopback when the listener is bound to every address', () => {
    for (const c of firstEventCommands('0.0.0.0', 9000)) {
      expect(c.command).toContain('127.0.0.1');
      expect(c.command).not.toContain('0.0.0.0');
    }
  });

  it('brackets an IPv6 host where a port follows it, and only there', () => {
    const [nc, python, send] = firstEventCommands('::', 9000);
    expect(nc.command).toBe("printf 'signup\\n' | nc -q1 ::1 9000");
    expect(python.command).toContain("create_connection(('::1', 9000))");
    expect(send.command).toContain('--to [::1]:9000 ');
  });

  it('names the tool of each command for its label', () => {
    expect(firstEventCommands('localhost', 1).map((c) => c.tool)).toEqual(['netcat', 'Python', 'tallyline send']);
  });
});

describe('connectHost', () => {
  it('turns a wildcard address into its loopback twin and keeps any other host', () => {
    expect(connectHost('0.0.0.0')).toBe('127.0.0.1');
    expect(connectHost('::')).toBe('::1');
    expect(connectHost('192.168.1.20')).toBe('192.168.1.20');
    expect(connectHost('localhost')).toBe('localhost');
  });
});
