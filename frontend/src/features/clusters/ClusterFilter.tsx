import { Select } from '@kubed/components';
import React from 'react';
import styled from 'styled-components';
import { useT } from '../../i18n';
import { splitList } from '../../utils/listState';
import { useClusters } from './hooks';

const Field = styled.label`
  display: flex;
  flex-direction: column;
  gap: 4px;
  font-size: 12px;
  color: #79879c;
  min-width: 180px;
`;

/** Which clusters to show (none chosen: all); the value is comma-separated, as in the URL. */
export function ClusterFilter({ value, onChange }: { value: string | undefined; onChange: (value: string) => void }): React.ReactElement {
  const t = useT();
  const clusters = useClusters();
  const options = (clusters.data?.items ?? []).map((c) => ({
    value: c.name,
    label: c.ok ? c.name : `${c.name} (${t('OKG_MC_CLUSTER_DOWN')})`,
  }));
  return (
    <Field data-filter="clusters">
      {t('OKG_MC_FILTER_CLUSTERS')}
      <Select
        mode="multiple"
        allowClear
        style={{ minWidth: 200 }}
        dropdownMatchSelectWidth={false}
        placeholder={t('OKG_MC_ALL_CLUSTERS')}
        value={splitList(value)}
        options={options}
        onChange={(values: string[]) => onChange(values.join(','))}
      />
    </Field>
  );
}
