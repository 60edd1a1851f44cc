import { Input } from '@kubed/components';
import React, { useState } from 'react';
import { useFixedNamespace } from '../app/env';
import { Page, PageHeader, Section } from '../components/Layout';
import { HistoryPanel } from '../features/history/HistoryPanel';
import { useT } from '../i18n';

/**
 * Recent changes: the history feed of the scope — a project's namespace inside KubeSphere's
 * project or workspace, else every namespace or the one typed in.
 */
export function RecentChangesPage(): React.ReactElement {
  const t = useT();
  const fixed = useFixedNamespace();
  const [namespace, setNamespace] = useState('');
  const [draft, setDraft] = useState('');
  const target = { namespace: fixed ?? (namespace || undefined) };
  return (
    <Page data-testid="page-history">
      <PageHeader
        title={t('OKG_NAV_HISTORY')}
        description={t('OKG_HISTORY_DESC')}
        extra={
          fixed ? undefined : (
            <label data-filter="namespace" style={{ display: 'flex', flexDirection: 'column', gap: 4, fontSize: 12, color: '#79879c' }}>
              {t('OKG_FILTER_NAMESPACE')}
              <Input
                value={draft}
                width={180}
                placeholder={t('OKG_FILTER_ANY')}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDraft(e.target.value)}
                onBlur={() => setNamespace(draft.trim())}
                onKeyDown={(e: React.KeyboardEvent<HTMLInputElement>) => {
                  if (e.key === 'Enter') setNamespace(draft.trim());
                }}
              />
            </label>
          )
        }
      />
      <Section title={t('OKG_SECTION_HISTORY')} testId="recent-changes">
        {/* a new namespace is a new feed: its own filters and page */}
        <HistoryPanel key={target.namespace ?? ''} target={target} feed summary testId="history" />
      </Section>
    </Page>
  );
}
