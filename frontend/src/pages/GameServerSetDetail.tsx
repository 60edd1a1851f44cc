import { Tag } from '@kubed/components';
import React from 'react';
import { useParams } from 'react-router-dom';
import { usePaths } from '../app/env';
import { SetUsageSummary } from '../features/usage/UsagePanel';
import { Fields, HeaderExtra, Page, PageHeader, Section } from '../components/Layout';
import { Age } from '../components/Age';
import { AutoscalerPanel } from '../components/AutoscalerPanel';
import { GameServersTable } from '../components/GameServersTable';
import { HistoryPanel } from '../features/history/HistoryPanel';
import { bulkOperations } from '../components/OperationActions';
import { LiveIndicator } from '../components/LiveIndicator';
import { QualityDefinitions } from '../components/QualityDefinitions';
import { QueryState } from '../components/QueryState';
import { RolloutPanel } from '../components/RolloutPanel';
import { SetActions } from '../components/SetActions';
import { StateBar } from '../components/StateBar';
import { YamlView } from '../components/YamlView';
import { useGameServerSet } from '../hooks/queries';
import { useT } from '../i18n';
import { withoutManagedFields } from '../utils/detail';
import { enumText } from '../utils/enums';

export function GameServerSetDetailPage(): React.ReactElement {
  const t = useT();
  const paths = usePaths();
  const { namespace = '', name = '' } = useParams();
  const query = useGameServerSet(namespace, name);

  return (
    <Page data-testid="page-gameserverset">
      <PageHeader
        title={name}
        description={`${t('OKG_KIND_GAME_SERVER_SET')} · ${namespace}`}
        back={{ to: paths.gameServerSets, label: t('OKG_NAV_GAME_SERVER_SETS') }}
        extra={
          <HeaderExtra>
            <LiveIndicator state={query.live} testId="set-live-state" />
            {query.data && <SetActions set={query.data.gameServerSet} />}
          </HeaderExtra>
        }
      />
      <QueryState query={query}>
        {({ gameServerSet: s, object }) => (
          <>
            <Section title={t('OKG_SECTION_SUMMARY')} testId="set-summary">
              <Fields
                items={[
                  { label: t('OKG_COL_NAMESPACE'), value: s.namespace },
                  { label: t('OKG_COL_PROJECT'), value: s.project },
                  { label: t('OKG_REPLICAS_DESIRED'), value: s.replicas.desired },
                  { label: t('OKG_REPLICAS_CURRENT'), value: s.replicas.current },
                  { label: t('OKG_REPLICAS_READY'), value: s.replicas.ready },
                  { label: t('OKG_REPLICAS_AVAILABLE'), value: s.replicas.available },
                  { label: t('OKG_REPLICAS_UPDATED'), value: `${s.replicas.updated} (${t('OKG_READY_N', { count: s.replicas.updatedReady })})` },
                  { label: t('OKG_REPLICAS_MAINTAINING'), value: s.replicas.maintaining },
                  { label: t('OKG_REPLICAS_WAIT_TO_BE_DELETED'), value: s.replicas.waitToBeDeleted },
                  { label: t('OKG_NETWORK_TYPE'), value: enumText(t, 'networkType', s.networkType) },
                  { label: t('OKG_SCALE_DOWN_STRATEGY'), value: enumText(t, 'scaleDownStrategy', s.scaleDownStrategyType || 'General') },
                  { label: t('OKG_COL_AGE'), value: <Age timestamp={s.createdAt} /> },
                ]}
              />
            </Section>
            <Section title={t('OKG_SECTION_STATES')}>
              <Fields
                items={[
                  { label: t('OKG_BY_STATE'), value: <StateBar counts={s.byState} kind="state" /> },
                  { label: t('OKG_BY_OPS_STATE'), value: <StateBar counts={s.byOpsState} kind="opsState" /> },
                  { label: t('OKG_BY_NETWORK_STATE'), value: <StateBar counts={s.byNetworkState} kind="networkState" /> },
                  { label: t('OKG_USAGE_TITLE'), value: <SetUsageSummary usage={s.usage} /> },
                ]}
              />
            </Section>
            {/* the update strategy is shown once, live, in the hot update panel (with its type) */}
            <Section title={t('OKG_SECTION_ROLLOUT')} testId="set-rollout">
              <RolloutPanel namespace={s.namespace} name={s.name} updateType={s.updateStrategy.type} />
            </Section>
            <Section title={t('OKG_SECTION_AUTOSCALING')} testId="set-autoscaling">
              <AutoscalerPanel namespace={s.namespace} name={s.name} replicas={s.replicas.desired} />
            </Section>
            <Section title={t('OKG_SECTION_RESERVED_AND_QUALITIES')}>
              <Fields
                items={[
                  { label: t('OKG_RESERVED_IDS'), value: s.reserveGameServerIds || t('OKG_NONE') },
                  {
                    label: t('OKG_SERVICE_QUALITIES'),
                    value: s.serviceQualities.length
                      ? s.serviceQualities.map((q) => (
                          <Tag key={q} style={{ marginRight: 4 }}>
                            {q}
                          </Tag>
                        ))
                      : t('OKG_NONE'),
                  },
                ]}
              />
            </Section>
            {s.serviceQualityDefinitions && s.serviceQualityDefinitions.length > 0 && (
              <Section title={t('OKG_SECTION_QUALITY_DEFINITIONS')} testId="set-quality-definitions">
                <QualityDefinitions definitions={s.serviceQualityDefinitions} />
              </Section>
            )}
            <Section title={t('OKG_SECTION_GAME_SERVERS')}>
              <GameServersTable fixed={{ namespace: s.namespace, gameServerSet: s.name }} bulkActions={bulkOperations} />
            </Section>
            <Section title={t('OKG_SECTION_HISTORY')} testId="set-history">
              <HistoryPanel target={{ namespace: s.namespace, gameServerSet: s.name }} summary showObject />
            </Section>
            <Section title={t('OKG_SECTION_YAML')}>
              <YamlView value={withoutManagedFields(object)} />
            </Section>
          </>
        )}
      </QueryState>
    </Page>
  );
}
