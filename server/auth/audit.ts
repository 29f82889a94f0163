// The audit log: every privileged action (keys made, rotated, revoked; wall commands; full case
// records read; tokens refused on the console), with the acting key, the address and the outcome,
// kept in the store. An entry that cannot be written is logged as an error; the action is not undone.
import type { AuditEntry } from '../../shared/access.ts';
import type { Logger } from '../observability/logger.ts';
import type { AuditLog } from '../store/auditLog.ts';
import type { Principal } from './accessKeys.ts';

export type Audit = ReturnType<typeof createAudit>;

export function createAudit(log: AuditLog, logger: Logger) {
  return {
    /** Records an action; resolves once it is stored (never rejects). */
    async record(
      who: Principal | 'system',
      action: string,
      target: string,
      ok: boolean,
      detail: Record<string, unknown> | null = null,
      ip: string | null = null,
    ): Promise<void> {
      const actor = who === 'system' ? { keyId: 'system', role: 'system' as const, label: 'server' } : { keyId: who.keyId, role: who.role, label: who.label };
      try {
        await log.append({ ...actor, at: Date.now(), action, target, ok, detail, ip });
      } catch (err) {
        logger.error({ err: (err as Error).message, action, target, keyId: actor.keyId }, 'audit entry could not be stored');
      }
    },
    read: (query: { limit: number; before?: number; action?: string }): Promise<AuditEntry[]> => log.read(query),
  };
}
