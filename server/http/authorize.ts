// Who may call an HTTP route: the token (Authorization: Bearer, or X-Api-Key) must be a usable key of
// one of the route's roles; each key has its rate limit (429 with Retry-After); an address that keeps
// sending refused tokens is slowed down the same way. The key a request was let in by is in
// res.locals.principal, for scope checks and the audit log.
import type { Request, RequestHandler, Response } from 'express';
import { aKey, withinScope, type Role } from '../../shared/access.ts';
import type { AccessKeys, Principal } from '../auth/accessKeys.ts';
import { admitToken } from '../auth/admit.ts';
import type { RateLimitGroup, RateLimits } from '../auth/rateLimits.ts';
import { ApiError } from './apiError.ts';

export interface Authorizer {
  /** Lets in keys of these roles; `what` names the token the route wants, for the error message. */
  require(roles: readonly Role[], what: string, group: Exclude<RateLimitGroup, 'authFailure' | 'socket'>): RequestHandler;
}

export function createAuthorizer(keys: AccessKeys, limits: RateLimits): Authorizer {
  return {
    require(roles, what, group) {
      return (req, res, next) => {
        const header = req.get('authorization');
        const given = header?.startsWith('Bearer ') ? header.slice(7) : req.get('x-api-key');
        const ip = req.ip ?? 'unknown';
        admitToken(keys, limits, ip, given, what)
          .then((admission) => {
            if (!admission.ok) {
              if (admission.retryAfterS) return next(tooMany(res, admission.retryAfterS, admission.message));
              return next(new ApiError(401, admission.code, admission.message));
            }
            const p = admission.principal;
            if (!roles.includes(p.role)) {
              return next(new ApiError(403, 'forbidden', `${aKey(p.role)} ("${p.label}") cannot do this: it needs ${what} (${roles.join(' or ')})`));
            }
            res.locals.principal = p;
            if (p.internal) return next();
            return limits
              .take(group, group === 'read' ? `${p.keyId}|${ip}` : p.keyId)
              .then((wait) =>
                next(
                  wait
                    ? tooMany(res, wait, `rate limit of key "${p.label}" reached (${limitOf(limits, group)} requests a second): try again in ${wait} s`)
                    : undefined,
                ),
              );
          })
          .catch(next);
      };
    },
  };
}

function limitOf(limits: RateLimits, group: 'ingest' | 'read' | 'admin'): number {
  return { ingest: limits.config.ingestPerSec, read: limits.config.readPerSec, admin: limits.config.adminPerSec }[group];
}

function tooMany(res: Response, waitSeconds: number, message: string): ApiError {
  res.set('retry-after', String(waitSeconds));
  return new ApiError(429, 'rate_limited', message);
}

/** The key a request was let in by (set by `require`). */
export function principalOf(res: Response): Principal {
  const p = res.locals.principal as Principal | undefined;
  if (!p) throw new Error('principalOf: the route has no authorisation');
  return p;
}

/** The caller's address as the audit log keeps it. */
export function addressOf(req: Request): string | null {
  return req.ip ?? null;
}

/** Refuses a region outside the key's scope: a street's wall never gets another street's data. */
export function requireWithin(p: Principal, code: string): void {
  if (!withinScope(code, p.scope))
    throw new ApiError(403, 'outside_scope', `this key ("${p.label}") sees ${p.scope} and what lies within it; ${code} is outside`);
}
