import { secureHeaders } from 'hono/secure-headers';
import type { BizConfig } from './config.js';

const originOf = (url: string) => new URL(url).origin;
const unique = (items: string[]) => [...new Set(items)];

/** The CSP sources, as data so a test can read them without parsing the header. */
export function contentSecurityPolicy(config: BizConfig) {
  const remote = originOf(config.remoteEntryUrl);
  const sdk = originOf(config.connect.sdkUrl);
  return {
    defaultSrc: ["'self'"],
    // The federated remote's chunks and the Connect SDK are the only foreign code the page runs.
    scriptSrc: unique(["'self'", remote, sdk]),
    // The page fetches its own API, the remote's manifest/chunks and the Connect API (SDK calls).
    connectSrc: unique(["'self'", remote, sdk, ...config.connect.trustedOrigins]),
    // 'unsafe-inline' for styles only: the SDK modules and React set element style attributes,
    // which a nonce cannot cover; inline script stays forbidden, which is what stops XSS.
    styleSrc: unique(["'self'", "'unsafe-inline'", remote, sdk]),
    imgSrc: unique(["'self'", 'data:', remote, sdk]),
    fontSrc: unique(["'self'", remote, sdk]),
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  };
}

/** hono's secure-headers with our CSP; HSTS only outside dev mode, where the site is https. */
export function securityHeaders(config: BizConfig) {
  return secureHeaders({
    contentSecurityPolicy: contentSecurityPolicy(config),
    referrerPolicy: 'strict-origin-when-cross-origin',
    xContentTypeOptions: 'nosniff',
    xFrameOptions: 'DENY',
    strictTransportSecurity: config.devMode ? false : 'max-age=31536000; includeSubDomains',
    // The shell's shared chunks are fetched by the remote's code in the same page; same-origin
    // is right for the shell's own resources and keeps other sites from embedding them.
    crossOriginResourcePolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
  });
}
