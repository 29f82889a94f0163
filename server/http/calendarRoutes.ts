// The work calendar over HTTP: how far the official holiday schedules reach (any read key: the
// console and the admin page warn from 30 days before they run out), and loading next year's
// schedule without a restart (an admin key; audited). docs/configuration.md "Holiday calendar".
import { Router } from 'express';
import { READ_ROLES } from '../../shared/access.ts';
import { yearScheduleSchema } from '../../shared/calendarYear.ts';
import { validationRefusal } from '../../shared/refusal.ts';
import type { Audit } from '../auth/audit.ts';
import type { CalendarService } from '../ingest/calendarService.ts';
import { addressOf, principalOf, type Authorizer } from './authorize.ts';
import { jsonBody } from './jsonBody.ts';

export function calendarRoutes(deps: { auth: Authorizer; calendar: CalendarService; audit: Audit }): Router {
  const router = Router();
  const read = deps.auth.require(READ_ROLES, 'a screen token', 'read');
  const admin = deps.auth.require(['admin'], 'an admin key', 'admin');

  router.get('/api/v1/calendar', read, (_req, res) => {
    res.json(deps.calendar.status());
  });

  router.post('/api/v1/admin/calendar', admin, jsonBody('64kb'), async (req, res) => {
    const { replace, ...raw } = (req.body ?? {}) as Record<string, unknown>;
    if (replace !== undefined && typeof replace !== 'boolean') throw validationRefusal({ issues: [{ path: ['replace'], message: 'true or false' }] });
    const parsed = yearScheduleSchema.safeParse(raw);
    if (!parsed.success) throw validationRefusal(parsed.error);
    const p = principalOf(res);
    const year = await deps.calendar.load(parsed.data, `${p.label} (${p.keyId})`, replace === true);
    await deps.audit.record(
      p,
      'calendar.load',
      String(year.year),
      true,
      { holidays: year.holidays, workdays: year.workdays, replace: replace === true },
      addressOf(req),
    );
    res.status(201).json({ year, status: deps.calendar.status() });
  });
  return router;
}
