import { fireEvent, screen, waitFor } from '@testing-library/react';
import React from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { OperationResult } from '../../api/ops';
import { fakeApi, renderWithHost } from '../../test/render';
import { UsageStatusNote } from '../usage/UsageStatusNote';
import { CpuCell, MemoryCell } from '../usage/UsageCells';
import { OperationDialog } from '../../components/OperationDialog';

const item = (name: string, before: string, after: string, changed = true) => ({
  kind: 'GameServer', name, namespace: 'game', ok: true, changed, code: 200, attempts: 1,
  before: { opsState: before }, after: { opsState: after },
});

// the start of the backend's note (ops.DrainNote); the dialog shows its translation
const DRAIN_NOTE = 'Drain: game servers with players (opsState Allocated) become Maintaining, so no new players are sent to them';

function answer(dryRun: boolean): OperationResult {
  const items = [item('a-0', 'Allocated', 'Maintaining'), item('a-1', 'None', 'WaitToBeDeleted'), item('a-2', 'Maintaining', 'Maintaining', false)];
  return { dryRun, operation: 'drain', user: 'admin', total: 3, changed: 2, unchanged: 1, failed: 0, notes: [DRAIN_NOTE], items } as unknown as OperationResult;
}

describe('drain node through the operation dialog', () => {
  it('explains, previews with a dry run, then applies the same drain and shows per-item results', async () => {
    const drainNode = vi.fn((_: string, dryRun: boolean) => Promise.resolve(answer(dryRun)));
    const onClose = vi.fn();
    renderWithHost(<OperationDialog action="drain" node="n1" onClose={onClose} />, { api: fakeApi({ drainNode }) });
    expect(screen.getByText('Drain node n1')).toBeTruthy();
    expect(screen.getByTestId('op-dialog').textContent).toContain('become Maintaining');
    expect(drainNode).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('op-preview'));
    await screen.findByText('a-0');
    expect(drainNode).toHaveBeenCalledWith('n1', true);
    expect(screen.getByTestId('preview-summary').textContent).toBe('Dry run: 2 will change, 1 unchanged, 0 would fail');
    const changes = [...document.querySelectorAll('[data-testid="op-preview-items"] [data-field="opsState"]')].map((e) => e.textContent);
    expect(screen.getByTestId('op-note').textContent).toMatch(/^Game servers with players \(opsState Allocated\) become Maintaining/);
    expect(changes).toEqual(['opsState: Allocated → Maintaining', 'opsState: None → WaitToBeDeleted', 'opsState: Maintaining → Maintaining']);
    fireEvent.click(screen.getByTestId('op-apply'));
    await waitFor(() => expect(screen.getByTestId('op-dialog').getAttribute('data-step')).toBe('result'));
    expect(drainNode).toHaveBeenLastCalledWith('n1', false);
    expect(screen.getByTestId('result-summary').textContent).toBe('Done: 2 changed, 1 unchanged, 0 failed');
    fireEvent.click(screen.getByTestId('op-close'));
    expect(onClose).toHaveBeenCalledWith(true);
  });

  it('shows a refusal under the node\'s name and keeps Apply off', async () => {
    const drainNode = vi.fn(() => Promise.reject(new Error('nodes "n1" is forbidden')));
    renderWithHost(<OperationDialog action="drain" node="n1" onClose={() => undefined} />, { api: fakeApi({ drainNode }) });
    fireEvent.click(screen.getByTestId('op-preview'));
    await screen.findByText('Refused for node n1');
    expect((screen.getByTestId('op-apply') as HTMLButtonElement).disabled).toBe(true);
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
