// negotiator 1.1 has no bundled types, and @types/negotiator describes 0.6, which lacks the
// `preferred` option (the server's order among equally weighted encodings). Only what we call.
declare module 'negotiator' {
  import type { IncomingHttpHeaders } from 'node:http';

  class Negotiator {
    constructor(request: { headers: IncomingHttpHeaders });
    /** The best of `available` by the request's Accept-Encoding, or undefined when none is. */
    encoding(available: string[], options?: { preferred?: string[] }): string | undefined;
  }
  export = Negotiator;
}
