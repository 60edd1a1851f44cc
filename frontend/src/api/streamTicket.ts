import type { StreamTicketSource } from '../hooks/useLive';
import { getJSON } from './client';
import type { StreamTicket } from './generated/api';

/**
 * The ticket path for a stream path: the same API base and, for a namespaced stream, the same
 * namespace (a project member may not ask cluster-wide), then /streamtickets.
 */
export function streamTicketPath(streamPath: string): string | undefined {
  const m = /^(.*?\/v1alpha1)(\/namespaces\/[^/?]+)?/.exec(streamPath);
  return m ? `${m[1]}${m[2] ?? ''}/streamtickets` : undefined;
}

/** Fetches a fresh ticket for each connect (tickets live 60 s; a reconnect may come later). */
export const fetchStreamTicket: StreamTicketSource = async (streamPath) => {
  const p = streamTicketPath(streamPath);
  if (!p) return undefined;
  const t = await getJSON<StreamTicket>(p);
  return t.protocol;
};
