// Rehearsals (演练) over HTTP, for `gridwall rehearse` and any presenter's tool: the scenarios and
// the one running (a read key), a start and a stop (a presenter key of the whole city, every wall).
// The same audited command as the console's socket (server/walls/rehearsals.ts); its refusals are
// answered in the one error shape, with the status of their code.
import { Router } from 'express';
import { READ_ROLES } from '../../shared/access.ts';
import { plainText } from '../../shared/plainText.ts';
import { validationRefusal } from '../../shared/refusal.ts';
import type { RehearsalCommandRunner, Rehearsals } from '../walls/rehearsals.ts';
import { ApiError } from './apiError.ts';
import { addressOf, principalOf, type Authorizer } from './authorize.ts';
import { jsonBody } from './jsonBody.ts';
import { statusOf } from './refusalStatus.ts';
import { z } from 'zod';

/** Who starts it, for the consoles and the audit log (default: the key's label). */
const bySchema = z.string().max(200).transform(plainText).pipe(z.string().trim().min(1).max(40)).optional();

export function rehearsalRoutes(deps: { auth: Authorizer; rehearsals: Rehearsals; rehearse: RehearsalCommandRunner }): Router {
  const router = Router();
  const read = deps.auth.require(READ_ROLES, 'a screen token', 'read');
  const presenter = deps.auth.require(['presenter'], 'a presenter key', 'admin');

  router.get('/api/v1/rehearsal', read, (_req, res) => {
    res.set('cache-control', 'no-store').json(deps.rehearsals.board());
  });

  router.post('/api/v1/rehearsal', presenter, jsonBody('4kb'), async (req, res) => {
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw validationRefusal({ issues: [{ path: [], message: 'a JSON object: {"scenario": "rainstorm", "minutes": 60}' }] });
    const { by: rawBy, ...rest } = body as Record<string, unknown>;
    const by = bySchema.safeParse(rawBy);
    if (!by.success) throw validationRefusal(by.error.issues.length ? { issues: by.error.issues.map((i) => ({ ...i, path: ['by', ...i.path] })) } : by.error);
    const p = principalOf(res);
    const result = await deps.rehearse({ type: 'start', ...rest }, by.data ?? p.label, p, addressOf(req));
    if (!result.ok) throw new ApiError(statusOf(result.code), result.code, result.message);
    res.status(201).json({ rehearsal: result.rehearsal });
  });

  router.delete('/api/v1/rehearsal', presenter, async (req, res) => {
    const p = principalOf(res);
    const result = await deps.rehearse({ type: 'stop' }, p.label, p, addressOf(req));
    if (!result.ok) throw new ApiError(statusOf(result.code), result.code, result.message);
    res.json({ stopped: result.rehearsal });
  });
  return router;
}
