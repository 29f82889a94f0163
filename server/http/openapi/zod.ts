// zod-to-openapi adds `.openapi()` (component names, examples, parameter metadata) to every zod
// schema. The document's files import z from here, so the extension is in place before any of them
// runs. It changes no validator: `.openapi()` returns a copy, so the shared schemas stay as they are.
import { extendZodWithOpenApi, type ZodOpenAPIMetadata } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export { z };

/**
 * `.openapi()` for a schema made before the extension was installed: zod 4 copies prototype methods
 * onto each schema when it is made, and shared/ makes its schemas at import, in whatever order the
 * process imports things. The copy it returns has the method.
 */
export function openapi<T extends z.ZodType>(schema: T, refId: string, metadata?: Partial<ZodOpenAPIMetadata>): T;
export function openapi<T extends z.ZodType>(schema: T, metadata: Partial<ZodOpenAPIMetadata>): T;
export function openapi<T extends z.ZodType>(schema: T, ...args: unknown[]): T {
  return (z.ZodType.prototype.openapi as (...a: unknown[]) => T).apply(schema, args);
}

/**
 * Compile-time agreement of a response schema with the TypeScript type the route really sends:
 * `const _: Agrees<typeof Schema, CaseHistory> = true` stops the build when either one changes alone.
 */
export type Agrees<S extends z.ZodType, T> = [z.output<S>] extends [T] ? ([T] extends [z.output<S>] ? true : false) : false;
