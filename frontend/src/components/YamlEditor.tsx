import { Alert, Button, Modal, Textarea } from '@kubed/components';
import { useQueryClient } from '@tanstack/react-query';
import React, { useCallback, useEffect, useState } from 'react';
import { okgKeys } from '../api/keys';
import type { YamlKind } from '../api/scaling';
import { useApi } from '../app/env';
import { useScalingApi } from '../hooks/useScaling';
import { useT } from '../i18n';
import { isConflict } from '../utils/fieldErrors';
import { Hint } from './FormParts';
import { StatusError } from './StatusError';

/** A plain link the browser downloads the YAML from (the server sets Content-Disposition). */
export function YamlDownload({ kind, namespace, name, size = 'sm' }: { kind: YamlKind; namespace: string; name: string; size?: 'xs' | 'sm' }): React.ReactElement {
  const t = useT();
  const api = useScalingApi();
  const suffix = kind === 'gameserversets' ? 'gameserverset' : 'gameserver';
  return (
    <a href={api.yamlUrl(kind, namespace, name)} download={`${name}.${suffix}.yaml`} data-testid="yaml-download" style={{ textDecoration: 'none' }}>
      <Button size={size} variant="outline" as="span">
        {t('OKG_YAML_DOWNLOAD')}
      </Button>
    </a>
  );
}

/**
 * Edit a GameServerSet as YAML: loaded as stored, checked with a dry run, saved with the
 * resourceVersion it was loaded at (409 when someone changed it: reload or keep editing).
 */
export function YamlEditor({ namespace, name, onClose }: { namespace: string; name: string; onClose: () => void }): React.ReactElement {
  const t = useT();
  const { base } = useApi();
  const api = useScalingApi();
  const client = useQueryClient();
  const [text, setText] = useState<string>();
  const [loadError, setLoadError] = useState<unknown>();
  const [error, setError] = useState<unknown>();
  const [checked, setChecked] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    setLoadError(undefined);
    setError(undefined);
    setChecked(undefined);
    try {
      setText(await api.getYaml('gameserversets', namespace, name));
    } catch (err) {
      setLoadError(err);
    }
  }, [api, namespace, name]);
  useEffect(() => void load(), [load]);

  const submit = async (dryRun: boolean) => {
    if (text === undefined) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.putYaml(namespace, name, text, dryRun);
      if (dryRun) setChecked(text);
      else {
        setSaved(true);
        void client.invalidateQueries(okgKeys.all(base));
      }
    } catch (err) {
      setError(err);
      setChecked(undefined);
    } finally {
      setBusy(false);
    }
  };

  const footer = saved ? (
    <Button color="secondary" onClick={onClose}>
      {t('OKG_CLOSE')}
    </Button>
  ) : (
    <>
      <Button variant="outline" onClick={onClose}>
        {t('OKG_CANCEL')}
      </Button>
      <Button variant="outline" data-testid="yaml-check" loading={busy} disabled={text === undefined} onClick={() => void submit(true)}>
        {t('OKG_YAML_CHECK')}
      </Button>
      <Button color="secondary" data-testid="yaml-save" loading={busy} disabled={checked === undefined || checked !== text} onClick={() => void submit(false)}>
        {t('OKG_SAVE')}
      </Button>
    </>
  );
  return (
    <Modal visible width={900} title={t('OKG_YAML_EDIT_TITLE', { name })} onCancel={onClose} footer={footer} maskClosable={false} destroyOnClose>
      <div data-testid="yaml-editor" style={{ padding: '12px 20px' }}>
        {loadError !== undefined && <StatusError error={loadError} title={t('OKG_LOAD_FAILED')} />}
        {error !== undefined &&
          (isConflict(error) ? (
            <div data-testid="conflict" style={{ marginBottom: 8 }}>
              <Alert type="warning" title={t('OKG_CONFLICT_TITLE')}>
                <div>{t('OKG_CONFLICT_DESC')}</div>
                <Button size="xs" style={{ marginTop: 8 }} data-testid="conflict-reload" onClick={() => void load()}>
                  {t('OKG_CONFLICT_RELOAD')}
                </Button>
              </Alert>
            </div>
          ) : (
            <StatusError error={error} title={t('OKG_APPLY_FAILED')} />
          ))}
        {saved ? (
          <Alert type="info">{t('OKG_YAML_SAVED')}</Alert>
        ) : text === undefined ? (
          !loadError && <Hint>{t('OKG_LOADING')}</Hint>
        ) : (
          <>
            {checked !== undefined && checked === text && (
              <div style={{ marginBottom: 8 }} data-testid="yaml-valid">
                <Alert type="info">{t('OKG_YAML_VALID')}</Alert>
              </div>
            )}
            <Textarea
              data-testid="yaml-text"
              aria-label={t('OKG_SECTION_YAML')}
              spellCheck={false}
              minRows={24}
              value={text}
              style={{ fontFamily: 'Monaco, Menlo, monospace', fontSize: 12, width: '100%' }}
              onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setText(e.target.value)}
            />
            <Hint>{t('OKG_YAML_EDIT_HINT')}</Hint>
          </>
        )}
      </div>
    </Modal>
  );
}
