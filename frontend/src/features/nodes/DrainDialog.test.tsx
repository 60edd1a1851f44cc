import { fireEvent, screen, waitFor } from '@testing-library/react';
import React from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { OperationResult } from '../../api/ops';
import { fakeApi, renderWithHost } from '../../test/render';
import { UsageStatusNote } from '../usage/UsageStatusNote';
import { CpuCell, MemoryCell } from '../usage/UsageCells';
import { DrainDialog } from './DrainDialog';

const item = (name: string, before: string, after: string, changed = true) => ({
  kind: 'GameServer', name, namespace: 'game', ok: true, changed, code: 200, attempts: 1,
  before: { opsState: before }, after: { opsState: after },
});

function answer(dryRun: boolean): OperationResult {
  const items = [item('a-0', 'Allocated', 'Maintaining'), item('a-1', 'None', 'WaitToBeDeleted'), item('a-2', 'Maintaining', 'Maintaining', false)];
  return { dryRun, operation: 'drain', user: 'admin', total: 3, changed: 2, unchanged: 1, failed: 0, notes: [], items } as unknown as OperationResult;
}

describe('DrainDialog', () => {
  it('previews with a dry run, then applies the same drain and shows per-item results', async () => {
    const drainNode = vi.fn((_: string, dryRun: boolean) => Promise.resolve(answer(dryRun)));
    renderWithHost(<DrainDialog node="n1" onClose={() => undefined} />, { api: fakeApi({ drainNode }) });
    await screen.findByText('a-0');
    expect(drainNode).toHaveBeenCalledWith('n1', true);
    expect(screen.getByTestId('drain-summary').textContent).toContain('3 game servers on this node; 2 will change');
    expect(document.querySelectorAll('[data-after="Maintaining"]')).toHaveLength(2);
    expect(document.querySelectorAll('[data-after="WaitToBeDeleted"]')).toHaveLength(1);
    fireEvent.click(screen.getByTestId('drain-apply'));
    await waitFor(() => expect(screen.getByTestId('drain-dialog').getAttribute('data-step')).toBe('result'));
    expect(drainNode).toHaveBeenLastCalledWith('n1', false);
    expect(screen.getByTestId('drain-summary').textContent).toContain('2 changed, 0 failed (as admin)');
  });
});

describe('usage cells and status', () => {
  const usage = { cpuMillicores: 250, memoryBytes: 300 * 1024 * 1024, cpuRequestMillicores: 500, cpuLimitMillicores: 0, memoryRequestBytes: 0, memoryLimitBytes: 0 };

  it('shows cores with % of request, memory without a request, and a dash without figures', () => {
    renderWithHost(
      <div>
        <CpuCell usage={usage} />
        <MemoryCell usage={usage} />
        <CpuCell usage={null} />
      </div>,
      { api: fakeApi() },
    );
    expect(screen.getByTestId('cpu-usage').textContent).toBe('0.25 · 50%');
    expect(screen.getByTestId('memory-usage').textContent).toBe('300 MiB');
    expect(screen.getByText('-')).toBeTruthy();
  });

  it.each([
    ['NotInstalled', undefined, 'metrics-server is not installed'],
    ['Unavailable', 'the server is currently unable to handle the request', 'Metrics unavailable: the server is currently unable'],
  ])('says why there are no figures (%s)', async (state, reason, text) => {
    const getUsageStatus = () => Promise.resolve({ state, reason, intervalSeconds: 15, pods: 0, nodes: 0 } as never);
    renderWithHost(<UsageStatusNote />, { api: fakeApi({ getUsageStatus }) });
    expect((await screen.findByTestId('usage-status')).textContent).toContain(text);
  });

  it('says nothing while figures are available', async () => {
    const getUsageStatus = vi.fn(() => Promise.resolve({ state: 'Available', intervalSeconds: 15, pods: 3, nodes: 1 } as never));
    renderWithHost(<UsageStatusNote />, { api: fakeApi({ getUsageStatus }) });
    await waitFor(() => expect(getUsageStatus).toHaveBeenCalled());
    expect(screen.queryByTestId('usage-status')).toBeNull();
  });
});
