// What every operation of the document shares: the two ways to send an access key, the roles an
// operation lets in (one security alternative per role), and the operation builders the path files
// (paths/*.ts) use, so each route's key and errors are stated the same way everywhere.
import type { OpenAPIRegistry, ResponseConfig, RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { Role } from '../../../shared/access.ts';
import { AUTH_ERRORS, errorResponses, mergeErrors, type ErrorTable } from './errors.ts';
import type { z } from './zod.ts';

export const BEARER = 'bearerKey';
export const API_KEY = 'apiKeyHeader';

export function registerSecuritySchemes(r: OpenAPIRegistry): void {
  r.registerComponent('securitySchemes', BEARER, {
    type: 'http',
    scheme: 'bearer',
    description: "An access key: `Authorization: Bearer <key>`. The key's role decides what it may call (each operation lists its roles).",
  });
  r.registerComponent('securitySchemes', API_KEY, {
    type: 'apiKey',
    in: 'header',
    name: 'X-Api-Key',
    description: 'The same access key in the `X-Api-Key` header, for clients that cannot set `Authorization`.',
  });
}

/** A group of operations: one tag and the function that registers its paths. Each capability has one (paths/*.ts). */
export interface PathGroup {
  tag: { name: string; description: string };
  register(r: OpenAPIRegistry): void;
}

const ROLE_WORDS: Record<Role, string> = {
  ingest: 'an ingest key',
  screen: 'a screen key',
  presenter: 'a presenter key',
  leader: 'a leader key',
  admin: 'an admin key',
  device: 'a device key',
};

/**
 * The security of an operation that lets in keys of these roles: one alternative per role and way of
 * sending the key (OpenAPI 3.1 lets a non-OAuth requirement list role names), plus `x-roles` for tools.
 */
export function needs(roles: readonly Role[], schemes: readonly string[] = [BEARER, API_KEY]): Pick<RouteConfig, 'security'> & { 'x-roles': Role[] } {
  return {
    security: roles.flatMap((role): Record<string, string[]>[] => schemes.map((scheme) => ({ [scheme]: [role] }))),
    'x-roles': [...roles],
  };
}

/** "Needs a screen, presenter, leader or admin key." */
export function rolesSentence(roles: readonly Role[]): string {
  const words = roles.map((r) => ROLE_WORDS[r]);
  const list = words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words.at(-1)}` : words[0];
  return `**Key:** ${list} (\`${roles.join('`, `')}\`).`;
}

export interface KeyedRoute extends Omit<RouteConfig, 'security'> {
  /** Error statuses and their codes, beyond the ones every keyed operation can answer. */
  errors?: ErrorTable;
  errorExamples?: Partial<Record<number, unknown>>;
  /** The ways the key may be sent (default: the bearer header and X-Api-Key). */
  schemes?: readonly string[];
  /** How the errors are written (default: `{error: {code, message, details?}}`). */
  errorShape?: (table: ErrorTable, examples: Partial<Record<number, unknown>>) => Record<string, ResponseConfig>;
}

/** An operation behind a key: its roles' security, the sentence naming them, and the errors any such operation can answer. */
export function keyed(roles: readonly Role[], route: KeyedRoute): RouteConfig {
  const { errors = {}, errorExamples = {}, schemes, errorShape = errorResponses, description, responses, ...rest } = route;
  return {
    ...rest,
    ...needs(roles, schemes),
    description: `${rolesSentence(roles)}${description ? `\n\n${description}` : ''}`,
    responses: { ...responses, ...errorShape(mergeErrors(AUTH_ERRORS, errors), errorExamples) },
  };
}

/** An operation without a key (pages, health, metrics, these docs): `security: []` overrides nothing global, it says so. */
export function open(route: Omit<RouteConfig, 'security'>): RouteConfig {
  return { ...route, security: [] };
}

/** A JSON body or answer. */
export function json(schema: z.ZodType, example?: unknown) {
  return { content: { 'application/json': { schema, ...(example !== undefined && { example }) } } };
}
