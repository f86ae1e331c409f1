import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Security headers on every response (helmet), with a Content-Security-Policy that is a second
 * line behind the sanitizing of Markdown, descriptions and links: whatever slips through cannot
 * run. The app ships no inline script (the colour-scheme bootstrap is a file for that reason), so
 * scripts come from this origin only and inline event handlers never run.
 *
 * - `'unsafe-eval'`: the template form validates with ajv, which compiles each template's JSON
 *   schema to a function at run time (the schemas come from the catalog, so they cannot be
 *   compiled at build time). It does not allow inline scripts or handlers.
 * - `'unsafe-inline'` styles: Mantine, Redoc (styled-components) and the graph inject style
 *   elements and attributes. Styles cannot run code.
 * - Images from anywhere: docs and descriptions embed badges and diagrams from other hosts,
 *   including plain-HTTP company servers. An image cannot run code either.
 * - No `upgrade-insecure-requests` and no HSTS: Callboard is often served over plain HTTP on an
 *   internal network, where either would break it; TLS is the business of the proxy in front
 *   (see docker-compose.yml), which can add HSTS for its own domain.
 */
const defaultCspDirectives: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'unsafe-eval'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:', 'https:', 'http:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'self'"],
};

/**
 * `changes` is `backend.csp` from app-config, as in Backstage: a directive given there replaces
 * the default's sources (`connect-src: ["'self'", 'https://metrics.example.com']`), `false`
 * drops the directive, a directive the defaults lack is added.
 */
export function securityHeaders(
  changes: Readonly<Record<string, readonly string[] | false>> = {},
): RequestHandler {
  const directives: Record<string, string[]> = {};
  for (const [name, sources] of Object.entries({ ...defaultCspDirectives, ...changes })) {
    if (sources !== false) directives[name] = [...sources];
  }
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    strictTransportSecurity: false,
  });
}
