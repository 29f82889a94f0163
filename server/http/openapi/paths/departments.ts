// The department registry and the duty list (server/http/departmentRoutes.ts): the loaded version,
// the kinds, the departments of a region, the list line by line and its tuning counts.
import { READ_ROLES } from '../../../../shared/access.ts';
import type { DepartmentsView } from '../../departmentRoutes.ts';
import { json, keyed, type PathGroup } from '../common.ts';
import { openapi, z, type Agrees } from '../zod.ts';

const TAG = 'Departments';
const count = z.number().int().min(0);

export const DepartmentsViewSchema = z
  .strictObject({
    version: z.string().openapi({ description: 'the `version` of the loaded config/departments.json' }),
    region: z.string().openapi({ description: 'the region the departments and the tuning counts are of (`region`, else the key’s scope)' }),
    kinds: z.array(z.strictObject({ code: z.string(), name: z.string(), en: z.string() })),
    departments: z.array(
      openapi(
        z.strictObject({
          code: z.string().openapi({ description: '`<region code>-<kind>`: what a `dispatched` event’s `department` names' }),
          name: z.string(),
          kind: z.string(),
          level: z.enum(['city', 'district', 'street']),
          region: z.string(),
        }),
        'Department',
      ),
    ),
    dutyList: z.array(
      z.strictObject({
        line: z.number().int().openapi({ description: 'the line’s index in the file’s `dutyList`' }),
        category: z.string(),
        categoryName: z.string(),
        street: z.string().openapi({ description: 'the kind that acts first, at the case’s street (or the nearest level above with one)' }),
        district: z.string().openapi({ description: 'the kind that acts when the case is raised to the district' }),
        city: z.string(),
        note: z.string().nullable(),
      }),
    ),
    dutyListTuning: z.array(
      z.strictObject({
        line: z.number().int(),
        category: z.string(),
        dispatched: count.openapi({ description: 'first dispatches' }),
        redispatched: count.openapi({ description: 'dispatches after a return (改派)' }),
        raised: count.openapi({ description: 'dispatches after a whistle raised the case' }),
        returned: count.openapi({ description: 'returns (退回) by a department' }),
        returnRate: z.number().nullable().openapi({ description: 'returned / dispatched; null while none was dispatched' }),
      }),
    ),
  })
  .openapi('Departments');
const _view: Agrees<typeof DepartmentsViewSchema, DepartmentsView> = true;

export const departmentPaths: PathGroup = {
  tag: {
    name: TAG,
    description: 'The department registry and the duty list (职责清单) cases are dispatched by (docs/configuration.md "Departments and the duty list").',
  },
  register(r) {
    r.registerPath(
      keyed(READ_ROLES, {
        method: 'get',
        path: '/api/v1/departments',
        tags: [TAG],
        operationId: 'getDepartments',
        summary: 'The departments, the duty list and how well it routes',
        description:
          'The loaded version of config/departments.json, its kinds, the departments serving `region` (at it, above it and below it), the duty list line by line, and per line the dispatches, re-dispatches after a return, dispatches after a whistle and returns of the cases within `region` (`dutyListTuning`). A scoped key sees its own region.',
        request: {
          query: z.strictObject({
            region: z.string().optional().openapi({ description: 'a city, district or street code within the key’s scope; default the scope' }),
          }),
        },
        responses: { 200: { description: 'The registry and the list.', ...json(DepartmentsViewSchema) } },
        errors: { 403: ['outside_scope'], 422: ['unknown_region'] },
      }),
    );
  },
};
