import { Button, Select } from '@kubed/components';
import { Next, Previous } from '@kubed/icons';
import React from 'react';
import styled from 'styled-components';
import { PAGE_SIZES } from '../api/query';
import { useT } from '../i18n';

const Bar = styled.div`
  display: flex;
  align-items: center;
  justify-content: space-between;
  gap: 12px;
  padding: 12px 20px;
  font-size: 12px;
`;

const Side = styled.div`
  display: inline-flex;
  align-items: center;
  gap: 8px;
`;

export function pageCount(total: number, limit: number): number {
  return Math.max(1, Math.ceil(total / Math.max(1, limit)));
}

export function Pagination({
  page,
  limit,
  total,
  onChange,
}: {
  page: number;
  limit: number;
  total: number;
  onChange: (page: number, limit: number) => void;
}): React.ReactElement {
  const t = useT();
  const pages = pageCount(total, limit);
  return (
    <Bar data-testid="pagination">
      <Side>
        <span>{t('OKG_TOTAL_ITEMS', { count: total })}</span>
        <span>{t('OKG_PAGE_SIZE')}</span>
        <Select
          style={{ width: 90 }}
          value={limit}
          onChange={(v: number) => onChange(1, Number(v))}
          options={PAGE_SIZES.map((n) => ({ label: String(n), value: n }))}
          aria-label={t('OKG_PAGE_SIZE')}
        />
      </Side>
      <Side>
        <Button
          variant="text"
          radius="sm"
          aria-label={t('OKG_PREVIOUS_PAGE')}
          disabled={page <= 1}
          onClick={() => onChange(page - 1, limit)}
        >
          <Previous size={20} />
        </Button>
        <span data-testid="page-indicator">{t('OKG_PAGE_OF', { page, pages })}</span>
        <Button
          variant="text"
          radius="sm"
          aria-label={t('OKG_NEXT_PAGE')}
          disabled={page >= pages}
          onClick={() => onChange(page + 1, limit)}
        >
          <Next size={20} />
        </Button>
      </Side>
    </Bar>
  );
}
