import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import type { SerializedTaskEvent } from '../../common';

const execFileAsync = promisify(execFile);

/** A loopback port nobody listens on right now (the backend's baseUrl must be known up front). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>(resolve => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Reads a task's server-sent events until the stream ends (after the completion event). */
export async function readEventStream(
  url: string,
  options: { timeoutMs?: number; onEvent?: (event: SerializedTaskEvent) => void } = {},
): Promise<{ events: SerializedTaskEvent[]; contentType: string | null }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 60_000) });
  if (!response.ok || !response.body) throw new Error(`eventstream answered ${response.status}`);
  const events: SerializedTaskEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split('\n')
        .filter(line => line.startsWith('data: '))
        .map(line => line.slice(6))
        .join('\n');
      if (!data) continue;
      const event = JSON.parse(data) as SerializedTaskEvent;
      events.push(event);
      options.onEvent?.(event);
    }
  }
  return { events, contentType: response.headers.get('content-type') };
}

/** `git clone` into `dir` (async: the server may be this very process). */
export async function gitClone(url: string, dir: string): Promise<void> {
  await execFileAsync('git', ['clone', '--quiet', url, dir], {
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' },
  });
}

export async function gitLog(dir: string, format: string): Promise<string> {
  const { stdout } = await execFileAsync('git', ['log', '-1', `--format=${format}`], { cwd: dir });
  return stdout.trim();
}
