// The webhook endpoints (WEBHOOKS_CONFIG, a JSON file), validated once at start like the rest of the
// configuration: a bad file stops the start with one line naming the file, the field and the reason.
// A secret may sit in the file or, better, in an environment variable the file names (secretEnv),
// so the file can be committed and the secret kept with the other secrets. No message here ever
// carries a secret's value.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

/** What an integrator may subscribe to: the log's alert events, under public names. */
export const WEBHOOK_EVENT_TYPES = ['case.overdue', 'case.escalated'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** A secret as short as a password is guessable offline from one signed request. */
const MIN_SECRET_LENGTH = 16;

const endpointSchema = z
  .strictObject({
    /** Names the endpoint in logs, metrics, /healthz and its stored delivery cursor: keep it when the URL changes. */
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, _ and - (at most 64), e.g. hongqiao-duty'),
    url: z
      .url({ protocol: /^https?$/, message: 'an http:// or https:// URL' })
      .refine(
        (u) => !URL.canParse(u) || (!new URL(u).username && !new URL(u).password),
        'no user name or password in the URL (requests are authenticated by their signature)',
      ),
    secret: z.string().min(MIN_SECRET_LENGTH, `at least ${MIN_SECRET_LENGTH} characters`).optional(),
    /** The name of an environment variable holding the secret (preferred: the file then holds no secret). */
    secretEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
      .optional(),
    events: z
      .array(z.enum(WEBHOOK_EVENT_TYPES))
      .min(1)
      .default([...WEBHOOK_EVENT_TYPES]),
    /** Only cases in this region: the city (1201, the default), a district (6 digits) or a street (9 digits). */
    scope: z
      .string()
      .regex(/^12\d{2}(\d{2}(\d{3})?)?$/, 'the city (1201), a district (6 digits) or a street (9 digits)')
      .default('1201'),
    /** Send the report's text (masked, as the wall shows it). Off by default: an alert needs no citizen's words. */
    includeSummary: z.boolean().default(false),
    /** How long one attempt may take, headers and all, before it counts as failed and is retried. */
    timeoutSeconds: z.number().min(1).max(120).default(10),
    /** An alert not delivered within this long of being recorded is given up (logged and counted). */
    giveUpAfterMinutes: z
      .number()
      .positive()
      .max(30 * 24 * 60)
      .default(24 * 60),
  })
  .refine((e) => (e.secret === undefined) !== (e.secretEnv === undefined), { message: 'give either secret or secretEnv (one of them)', path: ['secret'] });

const fileSchema = z
  .strictObject({
    endpoints: z.array(endpointSchema).max(100),
  })
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.endpoints.forEach((e, i) => {
      if (seen.has(e.id))
        ctx.addIssue({
          code: 'custom',
          path: ['endpoints', i, 'id'],
          message: `"${e.id}" is used twice: each endpoint needs its own id (it names its delivery cursor)`,
        });
      seen.add(e.id);
    });
  });

export interface WebhookEndpoint {
  id: string;
  url: string;
  secret: string;
  events: WebhookEventType[];
  scope: string;
  includeSummary: boolean;
  timeoutMs: number;
  giveUpAfterMs: number;
}

/** The endpoints of the file, their secrets read from `env`; throws one line starting "invalid configuration: WEBHOOKS_CONFIG <file>: ". */
export function loadWebhookConfig(file: string, env: NodeJS.ProcessEnv): WebhookEndpoint[] {
  const problem = (what: string) => new Error(`invalid configuration: WEBHOOKS_CONFIG ${file}: ${what}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(resolve(file), 'utf8'));
  } catch (err) {
    throw problem((err as Error).message);
  }
  const parsed = fileSchema.safeParse(json);
  // zod's messages name the field and the rule, never the value given (a secret may be one)
  if (!parsed.success) throw problem(parsed.error.issues.map((i) => `${i.path.join('.') || '(the file)'}: ${i.message}`).join('; '));
  return parsed.data.endpoints.map((e, i) => {
    let secret = e.secret;
    if (e.secretEnv !== undefined) {
      secret = env[e.secretEnv];
      if (!secret) throw problem(`endpoints.${i}.secretEnv: the environment variable ${e.secretEnv} is not set`);
      if (secret.length < MIN_SECRET_LENGTH) throw problem(`endpoints.${i}.secretEnv: ${e.secretEnv} holds fewer than ${MIN_SECRET_LENGTH} characters`);
    }
    return {
      id: e.id,
      url: e.url,
      secret: secret!,
      events: [...new Set(e.events)],
      scope: e.scope,
      includeSummary: e.includeSummary,
      timeoutMs: Math.round(e.timeoutSeconds * 1000),
      giveUpAfterMs: Math.round(e.giveUpAfterMinutes * 60_000),
    };
  });
}
