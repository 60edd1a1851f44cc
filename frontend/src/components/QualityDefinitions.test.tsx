import { screen } from '@testing-library/react';
import React from 'react';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderWithHost } from '../test/render';
import { QualityDefinitions } from './QualityDefinitions';

describe('QualityDefinitions', () => {
  it('shows each probe and what its results make OKG do', () => {
    renderWithHost(
      <QualityDefinitions
        definitions={[
          {
            name: 'idle',
            containerName: 'game',
            permanent: false,
            probe: 'exec: bash ./idle.sh',
            periodSeconds: 5,
            actions: [
              { state: true, opsState: 'WaitToBeDeleted' },
              { state: false, result: 'busy', opsState: 'Allocated', deletionPriority: '10' },
            ],
          },
        ]}
      />,
      { api: fakeApi() },
    );
    expect(screen.getByText('idle')).toBeTruthy();
    expect(screen.getByText('exec: bash ./idle.sh')).toBeTruthy();
    expect(screen.getByText('true → opsState WaitToBeDeleted')).toBeTruthy();
    expect(screen.getByText('false (busy) → opsState Allocated, deletionPriority 10')).toBeTruthy();
    expect(screen.getByText('no')).toBeTruthy();
  });
});
