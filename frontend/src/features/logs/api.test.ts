import { describe, expect, it } from 'vitest';
import { logsPath, splitMatches } from './api';

describe('logs api', () => {
  it('builds the logs path with only the parameters given', () => {
    expect(logsPath('/b', 'ns', 's-0', {})).toBe('/b/namespaces/ns/gameservers/s-0/logs');
    expect(logsPath('/b', 'ns', 's-0', { container: 'game', previous: false, tailLines: 100, follow: true })).toBe(
      '/b/namespaces/ns/gameservers/s-0/logs?container=game&previous=false&tailLines=100&follow=true',
    );
    expect(logsPath('/b', 'ns', 's-0', { sinceSeconds: 300, download: true, timestamps: true })).toBe(
      '/b/namespaces/ns/gameservers/s-0/logs?sinceSeconds=300&timestamps=true&download=true',
    );
  });

  it('splits a line around case-insensitive matches', () => {
    expect(splitMatches('Panic: PANIC at panic', 'panic')).toEqual([
      { text: 'Panic', match: true },
      { text: ': ', match: false },
      { text: 'PANIC', match: true },
      { text: ' at ', match: false },
      { text: 'panic', match: true },
    ]);
    expect(splitMatches('no hit', 'zzz')).toEqual([{ text: 'no hit', match: false }]);
    expect(splitMatches('x', '')).toEqual([{ text: 'x', match: false }]);
  });
});
