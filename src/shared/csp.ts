/**
 * The renderer's Content-Security-Policy, the same in Electron (sent as a header by the app://
 * protocol) and in the browser build (a <meta> added at build time; the dev server's inline
 * refresh preamble would be refused by it). No inline scripts, no eval, no remote origins:
 * the app runs offline and talks only to its own origin. Logos are data: URIs.
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

/** Only valid as an HTTP header (a <meta> CSP ignores it). */
export const FRAME_ANCESTORS = "frame-ancestors 'none'";
