// Rehearsals (server/http/rehearsalRoutes.ts): the scenarios and the one running, a start and a
// stop. The body's fields are shared/rehearsal.ts's, the ones the console's socket is validated with.
import { READ_ROLES } from '../../../../shared/access.ts';
import { REHEARSAL_MINUTES } from '../../../../shared/rehearsal.ts';
import { json, keyed, type PathGroup } from '../common.ts';
import { BODY_ERRORS, mergeErrors } from '../errors.ts';
import { z } from '../zod.ts';

const TAG = 'Rehearsals';

const Rehearsal = z
  .strictObject({
    name: z.string().openapi({ example: 'rainstorm' }),
    title: z.string().openapi({ description: 'what every wall shows after 演练：', example: '暴雨内涝' }),
    startedAt: z.number().int().openapi({ description: 'server time, epoch ms' }),
    until: z.number().int().openapi({ description: 'server time it ends by itself, epoch ms' }),
    by: z.string().openapi({ description: "who started it: the presenter's name, or the key's label", example: '王主任' }),
  })
  .openapi('Rehearsal');

const Scenario = z
  .strictObject({
    name: z.string().openapi({ example: 'rainstorm' }),
    title: z.string().openapi({ example: '暴雨内涝' }),
    description: z.string(),
    defaultMinutes: z.number().int().openapi({ example: 180 }),
  })
  .openapi('ScenarioInfo');

const Board = z.strictObject({ scenarios: z.array(Scenario), active: Rehearsal.nullable() }).openapi('RehearsalBoard');

const StartBody = z
  .strictObject({
    scenario: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/)
      .openapi({ description: 'a scenario name (config/scenarios/<name>.json)', example: 'rainstorm' }),
    minutes: z.number().int().min(REHEARSAL_MINUTES.min).max(REHEARSAL_MINUTES.max).openapi({ example: 60 }),
    by: z.string().max(40).optional().openapi({ description: "who starts it, for the consoles and the audit log (default: the key's label)" }),
  })
  .openapi('RehearsalStart');

export const rehearsalPaths: PathGroup = {
  tag: {
    name: TAG,
    description:
      'Rehearsals (演练): a scenario of config/scenarios run for some minutes, shown as 演练 on every wall screen and console (docs/console.md). Starting and stopping takes a presenter key of the whole city bound to no particular walls; both are audited.',
  },
  register(r) {
    r.registerPath(
      keyed(READ_ROLES, {
        method: 'get',
        path: '/api/v1/rehearsal',
        tags: [TAG],
        operationId: 'getRehearsal',
        summary: 'The scenarios, and the rehearsal running',
        responses: { 200: { description: '`active` is null when none runs.', ...json(Board) } },
      }),
    );
    r.registerPath(
      keyed(['presenter'], {
        method: 'post',
        path: '/api/v1/rehearsal',
        tags: [TAG],
        operationId: 'startRehearsal',
        summary: 'Start a rehearsal',
        description:
          "Every wall screen shows 演练：<title> with the minutes left until it ends by itself; the built-in simulator adds the scenario's reports (each summary starting 【演练】). Refused while another runs: stop it first. Audited (`rehearsal.start`).",
        request: { body: { required: true, ...json(StartBody, { scenario: 'rainstorm', minutes: 60 }) } },
        responses: { 201: { description: 'Running.', ...json(z.strictObject({ rehearsal: Rehearsal })) } },
        errors: mergeErrors(BODY_ERRORS, { 403: ['outside_scope'], 409: ['rehearsal_running'], 422: ['unknown_scenario'] }),
      }),
    );
    r.registerPath(
      keyed(['presenter'], {
        method: 'delete',
        path: '/api/v1/rehearsal',
        tags: [TAG],
        operationId: 'stopRehearsal',
        summary: 'Stop the rehearsal running',
        description: 'Every wall screen drops its 演练 banner. Audited (`rehearsal.stop`).',
        responses: { 200: { description: 'Stopped.', ...json(z.strictObject({ stopped: Rehearsal })) } },
        errors: { 403: ['outside_scope'], 409: ['not_rehearsing'] },
      }),
    );
  },
};
