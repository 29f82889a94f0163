// What of a case's summary a ticker line shows: the matter, not the contact. The summary arrives
// masked (shared/masking.ts), so a caller's number is "[电话]" and a name "周*涛"; on a wall those
// leftovers ("联系电话[电话]", "联系人：何*超") say nothing to the hall, and a line cut short by an
// ellipsis reads as broken. So the contact clauses go, and a long summary keeps its first clause.

/** A clause that only says how to reach the caller: a masked number in it, or a contact's label first. */
const CONTACT = /\[电话\]|^(联系人|联系电话|联系方式|来电人)/;

/** Above this many characters a summary keeps its first clause (a ticker line's room on a hall screen). */
export const TICKER_SUMMARY_CHARS = 24;

export function tickerSummary(summary: string): string {
  const clauses = summary
    .split(/[，,；;。]/)
    .map((c) => c.trim())
    .filter((c) => c && !CONTACT.test(c));
  const text = clauses.join('，');
  return [...text].length > TICKER_SUMMARY_CHARS && clauses.length > 1 ? clauses[0]! : text;
}
