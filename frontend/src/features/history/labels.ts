// Message keys of the history's vocabulary (literal, so the locales test sees every key used).
import type { HistoryChange, HistorySource } from '../../api/types';
import type { MessageKey } from '../../i18n';
import type { TimeRange } from './query';

export const CHANGE_LABELS: Record<HistoryChange, MessageKey> = {
  state: 'OKG_HISTORY_CHANGE_STATE',
  opsState: 'OKG_HISTORY_CHANGE_OPS_STATE',
  network: 'OKG_HISTORY_CHANGE_NETWORK',
  networkDisabled: 'OKG_HISTORY_CHANGE_NETWORK_DISABLED',
  updatePriority: 'OKG_HISTORY_CHANGE_UPDATE_PRIORITY',
  deletionPriority: 'OKG_HISTORY_CHANGE_DELETION_PRIORITY',
  serviceQuality: 'OKG_HISTORY_CHANGE_SERVICE_QUALITY',
  image: 'OKG_HISTORY_CHANGE_IMAGE',
  node: 'OKG_HISTORY_CHANGE_NODE',
  restart: 'OKG_HISTORY_CHANGE_RESTART',
  pod: 'OKG_HISTORY_CHANGE_POD',
  replicas: 'OKG_HISTORY_CHANGE_REPLICAS',
  partition: 'OKG_HISTORY_CHANGE_PARTITION',
  paused: 'OKG_HISTORY_CHANGE_PAUSED',
  reservedIds: 'OKG_HISTORY_CHANGE_RESERVED_IDS',
  created: 'OKG_HISTORY_CHANGE_CREATED',
  deleted: 'OKG_HISTORY_CHANGE_DELETED',
  write: 'OKG_HISTORY_CHANGE_WRITE',
  event: 'OKG_HISTORY_CHANGE_EVENT',
};

export const SOURCE_LABELS: Record<HistorySource, MessageKey> = {
  observed: 'OKG_HISTORY_SOURCE_OBSERVED',
  reconciled: 'OKG_HISTORY_SOURCE_RECONCILED',
  console: 'OKG_HISTORY_SOURCE_CONSOLE',
  event: 'OKG_HISTORY_SOURCE_EVENT',
};

export const SOURCE_HINTS: Record<HistorySource, MessageKey> = {
  observed: 'OKG_HISTORY_SOURCE_OBSERVED_HINT',
  reconciled: 'OKG_HISTORY_SOURCE_RECONCILED_HINT',
  console: 'OKG_HISTORY_SOURCE_CONSOLE_HINT',
  event: 'OKG_HISTORY_SOURCE_EVENT_HINT',
};

export const RANGE_LABELS: Record<TimeRange, MessageKey> = {
  '1h': 'OKG_HISTORY_RANGE_1H',
  '6h': 'OKG_HISTORY_RANGE_6H',
  '24h': 'OKG_HISTORY_RANGE_24H',
  '7d': 'OKG_HISTORY_RANGE_7D',
  '30d': 'OKG_HISTORY_RANGE_30D',
};
