// The work calendar (server/http/calendarRoutes.ts): how far the official holiday schedules reach,
// and loading next year's without a restart. The body is shared/calendarYear.ts's schema.
import { READ_ROLES } from '../../../../shared/access.ts';
import { yearScheduleFields } from '../../../../shared/calendarYear.ts';
import { statutoryDaysOff } from '../../../../shared/statutoryHolidays.ts';
import type { CalendarStatus, CalendarYearInfo } from '../../../ingest/calendarService.ts';
import { json, keyed, type PathGroup } from '../common.ts';
import { BODY_ERRORS, mergeErrors } from '../errors.ts';
import { openapi, z, type Agrees } from '../zod.ts';

const TAG = 'Calendar';

const YearInfo = z
  .strictObject({
    year: z.number().int(),
    source: z.string().nullable(),
    origin: z.enum(['config', 'loaded']).openapi({ description: '`config`: a file of CALENDAR_DIR; `loaded`: loaded by an administrator' }),
    loadedAt: z.string().nullable(),
    loadedBy: z.string().nullable(),
    holidays: z.number().int(),
    workdays: z.number().int(),
  })
  .openapi('CalendarYear');
const _year: Agrees<typeof YearInfo, CalendarYearInfo> = true;

export const CalendarStatusSchema = z
  .strictObject({
    years: z.array(YearInfo),
    coveredThrough: z
      .string()
      .nullable()
      .openapi({ description: 'the last day of the unbroken run of official years from this one; null: this year has none' }),
    provisionalFrom: z.string().openapi({ description: 'deadlines counted through this day or later are provisional' }),
    warning: z.string().nullable().openapi({ description: 'from 30 days before the official schedules end: load the next year' }),
  })
  .openapi('CalendarStatus');
const _status: Agrees<typeof CalendarStatusSchema, CalendarStatus> = true;

// a far year, with the days the statutory rules give it (a real year's schedule comes from the State Council's notice)
const EXAMPLE = { year: 2099, source: '国务院办公厅关于2099年部分节假日安排的通知', holidays: statutoryDaysOff(2099), workdays: [] as string[] };

export const calendarPaths: PathGroup = {
  tag: { name: TAG, description: 'The official holiday schedules working days are counted by (docs/configuration.md "Holiday calendar").' },
  register(r) {
    r.registerPath(
      keyed(READ_ROLES, {
        method: 'get',
        path: '/api/v1/calendar',
        tags: [TAG],
        operationId: 'getCalendar',
        summary: 'The official years and how far they reach',
        responses: { 200: { description: 'The calendar.', ...json(CalendarStatusSchema) } },
      }),
    );
    r.registerPath(
      keyed(['admin'] as const, {
        method: 'post',
        path: '/api/v1/admin/calendar',
        tags: [TAG],
        operationId: 'loadCalendarYear',
        summary: "Load a year's official holiday schedule",
        description:
          "The weekdays off and the weekend days worked (调休), as the State Council's notice lists them; `replace: true` replaces a year already there. Takes effect at once (on the other nodes within a minute), and the provisional deadlines of open cases are counted again. Audited (`calendar.load`).",
        request: {
          body: {
            required: true,
            ...json(
              openapi(z.strictObject({ ...yearScheduleFields, replace: z.boolean().optional() }), 'CalendarYearLoad', {
                description: 'every date in `year`; `holidays` weekdays only, `workdays` Saturdays and Sundays only, none twice',
              }),
              EXAMPLE,
            ),
          },
        },
        responses: { 201: { description: 'Loaded.', ...json(z.strictObject({ year: YearInfo, status: CalendarStatusSchema })) } },
        errors: mergeErrors(BODY_ERRORS, { 409: ['year_loaded'] }),
      }),
    );
  },
};
