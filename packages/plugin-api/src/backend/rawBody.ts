import type { Request } from 'express';

const rawBodies = new WeakMap<object, Buffer>();

/** Called by the backend's JSON parser: keeps the exact bytes, for signatures (webhook HMACs). */
export function rememberRawBody(req: object, body: Buffer): void {
  rawBodies.set(req, body);
}

/** The request body exactly as it arrived, when it was JSON. */
export function rawBodyOf(req: Request): Buffer | undefined {
  return rawBodies.get(req);
}
