// Security headers (helmet) for the wall, the console and the API. The content security policy lets
// the page load only its own code, styles, fonts and images (maplibre's worker and decoded images are
// blob: URLs), and connect only to this server (and to an internal map style's server when one is
// configured): nothing else, so injected markup cannot reach out of a closed network either. No
// upgrade-insecure-requests: halls often serve plain HTTP on an internal address.
import type { HelmetOptions } from 'helmet';

export function securityHeaders(mapStyleUrl: string | undefined): HelmetOptions {
  const mapOrigin = mapStyleUrl ? [new URL(mapStyleUrl).origin] : [];
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        workerSrc: ["'self'", 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...mapOrigin],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", ...mapOrigin],
        objectSrc: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
      },
    },
    // tokens travel in wall URLs: never in a Referer
    referrerPolicy: { policy: 'no-referrer' },
  };
}
