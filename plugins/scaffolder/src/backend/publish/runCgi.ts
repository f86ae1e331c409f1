import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

export interface CgiInvocation {
  /** The CGI program (absolute path). */
  program: string;
  /** Its whole environment: nothing of the backend's own is passed unless listed here. */
  env: Record<string, string>;
  req: IncomingMessage;
  res: ServerResponse;
  logger: Logger;
}

/** A CGI header block larger than this is a broken program, not a response. */
const maxHeaderBytes = 64 * 1024;

function headerEnd(buffer: Buffer): { index: number; length: number } | undefined {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf === -1 && lf === -1) return undefined;
  if (lf === -1 || (crlf !== -1 && crlf < lf)) return { index: crlf, length: 4 };
  return { index: lf, length: 2 };
}

/** Parses CGI response headers: `Status: 404 Not Found` sets the status; others pass through. */
function parseHeaders(block: string): { status: number; headers: Array<[string, string]> } {
  let status = 200;
  const headers: Array<[string, string]> = [];
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') {
      const code = Number.parseInt(value, 10);
      if (code >= 100 && code <= 599) status = code;
    } else if (/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      headers.push([name, value]);
    }
  }
  return { status, headers };
}

/**
 * Runs a CGI program for one request (RFC 3875): the request body streams to its stdin, its
 * stdout streams back after the header block, with back-pressure both ways, so a large clone
 * is never held in memory. A client that goes away kills the program.
 */
export function runCgi(invocation: CgiInvocation): Promise<void> {
  const { req, res, logger } = invocation;
  return new Promise<void>(resolve => {
    const child = spawn(invocation.program, [], {
      env: invocation.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    let head = Buffer.alloc(0);
    let headersSent = false;

    const fail = (status: number, message: string) => {
      if (!res.headersSent) {
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${message}\n`);
      } else {
        res.destroy();
      }
    };

    res.on('close', () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    child.stdin.on('error', () => undefined); // The program may exit before reading the body.
    req.pipe(child.stdin);

    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 16 * 1024) stderr += chunk.toString('utf8');
    });

    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = headerEnd(head);
      if (!end) {
        if (head.length > maxHeaderBytes) {
          child.stdout.off('data', onData);
          child.kill('SIGKILL');
          fail(502, 'The git backend sent a malformed response');
        }
        return;
      }
      child.stdout.pause();
      child.stdout.off('data', onData);
      const { status, headers } = parseHeaders(head.subarray(0, end.index).toString('latin1'));
      res.statusCode = status;
      for (const [name, value] of headers) res.setHeader(name, value);
      headersSent = true;
      const body = head.subarray(end.index + end.length);
      if (body.length > 0) res.write(body);
      child.stdout.pipe(res);
    };
    child.stdout.on('data', onData);
    child.stdout.on('end', () => {
      if (!headersSent) fail(502, 'The git backend ended without a response');
    });

    child.on('error', error => {
      logger.error({ err: error }, 'cannot run the git http backend');
      fail(500, 'The git backend is not available');
      resolve();
    });
    child.on('close', (code, signal) => {
      if (code !== 0 && !res.destroyed) {
        logger.warn(
          { code, signal, path: req.url, stderr: stderr.trim() },
          'git http-backend failed',
        );
      }
      resolve();
    });
  });
}
