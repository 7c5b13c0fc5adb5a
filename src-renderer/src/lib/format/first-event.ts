// The empty state's lesson: commands that send a first event to the listener this engine runs,
// ready to paste into a terminal. Plain, so unit tests pin each command's exact text.

export interface SendCommand {
  id: 'nc' | 'python' | 'tallyline';
  /** What the command uses, e.g. "netcat". */
  tool: string;
  command: string;
}

/**
 * Where a client on this machine connects to reach a listener bound to `host`: a wildcard address
 * (0.0.0.0, ::) accepts connections but cannot be connected to by that name, so its loopback twin.
 */
export function connectHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '::1';
  return host;
}

/** `host:port` as `tallyline send --to` reads it: brackets around an IPv6 address. */
function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Three ways to send the event "signup" to a listener on `host`:`port`: netcat, Python, and tallyline's own sender. */
export function firstEventCommands(listenHost: string, port: number): SendCommand[] {
  const host = connectHost(listenHost);
  return [
    { id: 'nc', tool: 'netcat', command: `printf 'signup\\n' | nc -q1 ${host} ${port}` },
    {
      id: 'python',
      tool: 'Python',
      command: `python3 -c "import socket; s=socket.create_connection(('${host}', ${port})); s.sendall(b'signup\\n')"`,
    },
    { id: 'tallyline', tool: 'tallyline send', command: `npx tallyline send --to ${hostPort(host, port)} --rate 10 --duration 5` },
  ];
}
