import { Tag } from '@kubed/components';
import React, { useMemo } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { Address, EventView, PodCondition, ServiceQualityStatus } from '../api/types';
import { usePaths } from '../app/env';
import { Age, DateTime } from '../components/Age';
import { Copyable } from '../components/Copyable';
import { DataTable, type Column } from '../components/DataTable';
import { UsagePanel } from '../features/usage/UsagePanel';
import { UsageStatusNote } from '../features/usage/UsageStatusNote';
import { Ellipsis, Fields, HeaderExtra, ImageRef, Mono, Page, PageHeader, Section, SubHeading } from '../components/Layout';
import { LiveIndicator } from '../components/LiveIndicator';
import { OperationActions } from '../components/OperationActions';
import { EmptyState, QueryState } from '../components/QueryState';
import { EnumTag } from '../components/StateTag';
import { isNotFound } from '../api/errors';
import { CrashLoopBadge } from '../features/history/CrashStrip';
import { HistoryPanel } from '../features/history/HistoryPanel';
import { ContainerTabs } from '../features/logs/ContainerTabs';
import { YamlView } from '../components/YamlView';
import { useGameServer } from '../hooks/queries';
import { useT, type Translate } from '../i18n';
import { podConditions, withoutManagedFields } from '../utils/detail';
import { addressEndpoints } from '../utils/format';
import { enumLabel, enumText } from '../utils/enums';

function AddressList({ addresses }: { addresses: Address[] }): React.ReactElement {
  const eps = addresses.flatMap(addressEndpoints);
  if (!eps.length) return <>-</>;
  return (
    <>
      {eps.map((ep) => (
        <div key={ep}>
          <Copyable text={ep} />
        </div>
      ))}
    </>
  );
}

/** A Kubernetes value by its label, the raw value as tooltip (utils/enums.ts). */
function Labelled({ t, kind, value }: { t: Translate; kind: Parameters<typeof enumLabel>[1]; value: string }): React.ReactElement {
  const label = enumLabel(t, kind, value);
  return <span title={label !== value ? value : undefined}>{label || '-'}</span>;
}

function conditionColumns(t: Translate): Column<PodCondition>[] {
  return [
    { key: 'type', title: 'OKG_COL_TYPE', render: (c) => <Labelled t={t} kind="conditionType" value={c.type} /> },
    { key: 'status', title: 'OKG_COL_STATUS', render: (c) => <Labelled t={t} kind="conditionStatus" value={c.status} /> },
    { key: 'reason', title: 'OKG_COL_REASON', raw: true, render: (c) => c.reason || '-' },
    { key: 'message', title: 'OKG_COL_MESSAGE', raw: true, render: (c) => c.message || '-' },
    { key: 'time', title: 'OKG_COL_LAST_TRANSITION', render: (c) => <Age timestamp={c.lastTransitionTime} /> },
  ];
}

function qualityColumns(t: Translate): Column<ServiceQualityStatus>[] {
  return [
    { key: 'name', title: 'OKG_COL_NAME', render: (q) => q.name },
    { key: 'status', title: 'OKG_COL_STATUS', render: (q) => (q.status ? <Labelled t={t} kind="conditionStatus" value={q.status} /> : '-') },
    { key: 'result', title: 'OKG_COL_RESULT', render: (q) => <Mono data-raw="true">{q.result || '-'}</Mono> },
    { key: 'time', title: 'OKG_COL_LAST_PROBE', render: (q) => <DateTime timestamp={q.lastProbeTime} /> },
  ];
}

function eventColumns(t: Translate): Column<EventView>[] {
  return [
    {
      key: 'type',
      title: 'OKG_COL_TYPE',
      render: (e) => (
        // kubed's Tag renders a `title` prop as a prefix: the raw value goes on a wrapper
        <span title={e.type}>
          <Tag color={e.type === 'Warning' ? 'warning' : 'default'}>{enumLabel(t, 'eventType', e.type)}</Tag>
        </span>
      ),
    },
    { key: 'reason', title: 'OKG_COL_REASON', raw: true, render: (e) => e.reason },
    // "Kind/name" as the API names the object
    { key: 'object', title: 'OKG_COL_OBJECT', raw: true, render: (e) => <span style={{ whiteSpace: 'nowrap' }}>{e.object}</span> },
    { key: 'message', title: 'OKG_COL_MESSAGE', raw: true, render: (e) => e.message },
    { key: 'count', title: 'OKG_COL_COUNT', align: 'right', render: (e) => e.count },
    { key: 'last', title: 'OKG_COL_LAST_SEEN', render: (e) => <Age timestamp={e.lastTimestamp || e.firstTimestamp} /> },
  ];
}

export function GameServerDetailPage(): React.ReactElement {
  const t = useT();
  const paths = usePaths();
  const { namespace = '', name = '' } = useParams();
  const query = useGameServer(namespace, name);
  const conditions = useMemo(() => podConditions(query.data?.pod), [query.data?.pod]);
  const columns = useMemo(() => ({ conditions: conditionColumns(t), qualities: qualityColumns(t), events: eventColumns(t) }), [t]);

  return (
    <Page data-testid="page-gameserver">
      <PageHeader
        title={name}
        description={`${t('OKG_KIND_GAME_SERVER')} · ${namespace}`}
        back={{ to: paths.gameServers, label: t('OKG_NAV_GAME_SERVERS') }}
        extra={
          <HeaderExtra>
            <CrashLoopBadge namespace={namespace} name={name} />
            <LiveIndicator state={query.live} />
          </HeaderExtra>
        }
      />
      <QueryState query={query}>
        {({ gameServer: gs, object, pod, events }) => (
          <>
            <Section title={t('OKG_SECTION_ACTIONS')} testId="gs-actions">
              <OperationActions
                groups={[{ namespace: gs.namespace, names: [gs.name], single: true }]}
                containers={gs.images.map((im) => im.container)}
              />
            </Section>
            <Section title={t('OKG_SECTION_SUMMARY')} testId="gs-summary">
              <Fields
                items={[
                  { label: t('OKG_COL_NAMESPACE'), value: gs.namespace },
                  {
                    label: t('OKG_COL_GAME_SERVER_SET'),
                    value: gs.gameServerSet ? (
                      <Link to={paths.gameServerSet(gs.namespace, gs.gameServerSet)}>{gs.gameServerSet}</Link>
                    ) : (
                      ''
                    ),
                  },
                  { label: t('OKG_COL_ID'), value: gs.id >= 0 ? gs.id : '' },
                  { label: t('OKG_COL_PROJECT'), value: gs.project },
                  { label: t('OKG_COL_STATE'), value: <EnumTag kind="state" value={gs.state} /> },
                  { label: t('OKG_DESIRED_STATE'), value: enumText(t, 'state', gs.desiredState) },
                  {
                    label: t('OKG_COL_OPS_STATE'),
                    value: (
                      <>
                        <EnumTag kind="opsState" value={gs.opsState} />
                        {gs.opsStateFromProbe ? (
                          <span data-testid="ops-state-from-probe" style={{ marginLeft: 6, color: '#79879c' }}>
                            {t('OKG_OPS_STATE_FROM_PROBE', { name: gs.opsStateFromProbe })}
                          </span>
                        ) : null}
                      </>
                    ),
                  },
                  { label: t('OKG_COL_DELETION_PRIORITY'), value: gs.deletionPriority },
                  { label: t('OKG_COL_UPDATE_PRIORITY'), value: gs.updatePriority },
                  {
                    label: t('OKG_COL_IMAGES'),
                    value: gs.images.map((im) => <ImageRef key={im.container} container={im.container} prefix={`${im.container}: `} image={im.image} />),
                  },
                  { label: t('OKG_COL_AGE'), value: <Age timestamp={gs.createdAt} /> },
                ]}
              />
            </Section>
            <Section title={t('OKG_SECTION_NETWORK')} testId="gs-network">
              <Fields
                items={[
                  { label: t('OKG_NETWORK_TYPE'), value: enumText(t, 'networkType', gs.network.type) },
                  {
                    label: t('OKG_COL_NETWORK'),
                    value: <EnumTag kind="networkState" value={gs.network.state} />,
                  },
                  { label: t('OKG_DESIRED_NETWORK_STATE'), value: enumText(t, 'networkState', gs.network.desiredState) },
                  { label: t('OKG_NETWORK_DISABLED'), value: gs.networkDisabled ? t('OKG_YES') : t('OKG_NO') },
                  { label: t('OKG_EXTERNAL_ADDRESSES'), value: <AddressList addresses={gs.network.externalAddresses} /> },
                  { label: t('OKG_INTERNAL_ADDRESSES'), value: <AddressList addresses={gs.network.internalAddresses} /> },
                ]}
              />
            </Section>
            <Section title={t('OKG_SECTION_POD')} testId="gs-pod">
              {gs.pod ? (
                <>
                  <Fields
                    items={[
                      { label: t('OKG_POD_PHASE'), value: enumText(t, 'podPhase', gs.pod.phase) },
                      { label: t('OKG_POD_READY'), value: `${gs.pod.readyContainers}/${gs.pod.containers}` },
                      { label: t('OKG_POD_RESTARTS'), value: gs.pod.restarts },
                      { label: t('OKG_COL_NODE'), value: gs.pod.node ? <Ellipsis title={gs.pod.node}>{gs.pod.node}</Ellipsis> : '' },
                      { label: t('OKG_POD_IP'), value: gs.pod.podIP },
                      { label: t('OKG_HOST_IP'), value: gs.pod.hostIP },
                    ]}
                  />
                  <div style={{ marginTop: 12 }}>
                    <DataTable
                      columns={columns.conditions}
                      rows={conditions}
                      rowKey={(c) => c.type}
                      empty={<EmptyState title={t('OKG_NO_CONDITIONS')} />}
                    />
                  </div>
                </>
              ) : (
                <EmptyState title={t('OKG_NO_POD')} />
              )}
            </Section>
            <Section title={t('OKG_USAGE_TITLE')} testId="gs-usage">
              <UsageStatusNote namespace={namespace} />
              <UsagePanel usage={gs.usage} />
            </Section>
            {gs.pod && (
              <Section title={t('OKG_SECTION_CONTAINERS')} testId="gs-containers">
                <ContainerTabs namespace={gs.namespace} name={gs.name} containers={gs.images.map((im) => im.container)} />
              </Section>
            )}
            <Section title={t('OKG_SERVICE_QUALITIES')}>
              <DataTable
                columns={columns.qualities}
                rows={gs.serviceQualities}
                rowKey={(q) => q.name}
                empty={<EmptyState title={t('OKG_NO_SERVICE_QUALITIES')} />}
              />
            </Section>
            <Section title={t('OKG_SECTION_EVENTS')} testId="gs-events">
              <DataTable
                columns={columns.events}
                rows={events}
                rowKey={(e) => `${e.object}/${e.reason}/${e.firstTimestamp}/${e.message}`}
                empty={<EmptyState title={t('OKG_NO_EVENTS')} />}
              />
            </Section>
            <Section title={t('OKG_SECTION_HISTORY')} testId="gs-history">
              <HistoryPanel target={{ namespace: gs.namespace, gameServer: gs.name }} summary />
            </Section>
            <Section title={t('OKG_SECTION_LABELS')}>
              {Object.keys(gs.labels).length ? (
                Object.entries(gs.labels).map(([k, v]) => (
                  <Tag key={k} style={{ margin: '0 4px 4px 0' }}>
                    {k}={v}
                  </Tag>
                ))
              ) : (
                <EmptyState />
              )}
            </Section>
            <Section title={t('OKG_SECTION_YAML')}>
              <SubHeading>{t('OKG_YAML_OF_GAME_SERVER', { name: gs.name })}</SubHeading>
              <YamlView value={withoutManagedFields(object)} testId="yaml-gameserver" />
              {pod && (
                <>
                  <SubHeading style={{ marginTop: 16 }}>{t('OKG_YAML_OF_POD', { name: gs.name })}</SubHeading>
                  <YamlView value={withoutManagedFields(pod)} testId="yaml-pod" />
                </>
              )}
            </Section>
          </>
        )}
      </QueryState>
      {/* a deleted server's history stays readable */}
      {!query.data && isNotFound(query.error) && (
        <Section title={t('OKG_SECTION_HISTORY')} testId="gs-history">
          <HistoryPanel target={{ namespace, gameServer: name }} summary />
        </Section>
      )}
    </Page>
  );
}
