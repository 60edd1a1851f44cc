// Folding the history stream into the cached page. The history is append-only: the server
// sends a SNAPSHOT, then for page 1 newest first an ADDED per new matching entry, for any
// other page a BOOKMARK with the new total (backend/internal/stream/history.go).
import type { HistoryEntry, HistoryPage } from '../../api/types';
import type { StreamMessage } from '../../api/watch';

/**
 * Returns the page after `msg`, or `page` itself when nothing changed.
 * - SNAPSHOT: replaces the page.
 * - ADDED: the entry goes on top (newest first) unless it is there already; the page keeps
 *   its size (`limit`): the oldest entry drops off the end.
 * - BOOKMARK (and ADDED's totalItems): the count follows the server's.
 * - Anything else, or anything before the first page arrived: unchanged.
 */
export function applyHistoryMessage(
  page: HistoryPage | undefined,
  msg: StreamMessage<HistoryEntry>,
  limit: number,
): HistoryPage | undefined {
  if (msg.type === 'SNAPSHOT') {
    const items = msg.items ?? [];
    return { items, totalItems: msg.totalItems ?? items.length };
  }
  if (!page) return page;
  let next = page;
  if (msg.type === 'ADDED' && msg.object) {
    const entry = msg.object;
    if (!page.items.some((e) => e.id === entry.id)) {
      next = { ...page, items: [entry, ...page.items].slice(0, Math.max(1, limit)), totalItems: page.totalItems + 1 };
    }
  }
  if ((msg.type === 'ADDED' || msg.type === 'BOOKMARK') && msg.totalItems !== undefined && msg.totalItems !== next.totalItems) {
    next = { ...next, totalItems: msg.totalItems };
  }
  return next;
}
