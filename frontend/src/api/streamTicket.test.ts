import { describe, expect, it } from 'vitest';
import { streamTicketPath } from './streamTicket';

describe('stream tickets', () => {
  it('asks in the stream own scope', () => {
    const ks = '/clusters/host/kapis/okgconsole.kubesphere.io/v1alpha1';
    expect(streamTicketPath(`${ks}/namespaces/game-prod/gameservers?state=Ready&watch=true`)).toBe(`${ks}/namespaces/game-prod/streamtickets`);
    expect(streamTicketPath(`${ks}/namespaces/game-prod/gameserversets/minecraft?watch=true`)).toBe(`${ks}/namespaces/game-prod/streamtickets`);
    expect(streamTicketPath(`${ks}/overview?watch=true`)).toBe(`${ks}/streamtickets`);
    expect(streamTicketPath('/kapis/okgconsole.kubesphere.io/v1alpha1/gameservers?watch=true')).toBe('/kapis/okgconsole.kubesphere.io/v1alpha1/streamtickets');
    expect(streamTicketPath('/elsewhere?watch=true')).toBeUndefined();
  });
});
