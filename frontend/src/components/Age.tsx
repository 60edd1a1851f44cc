import React from 'react';
import { useLanguage, useT } from '../i18n';
import { ageText, formatTime } from '../utils/format';

/** How long ago, in the user's language; the exact time as its tooltip. */
export function Age({ timestamp }: { timestamp: string | undefined }): React.ReactElement {
  const t = useT();
  const lang = useLanguage();
  const text = timestamp ? ageText(t, timestamp) : '';
  if (!text || !timestamp) return <>-</>;
  return (
    <span title={formatTime(timestamp, lang === 'zh' ? 'zh-CN' : 'en')} style={{ whiteSpace: 'nowrap' }}>
      {text}
    </span>
  );
}

/** A date and time in the user's language. */
export function DateTime({ timestamp }: { timestamp: string | undefined }): React.ReactElement {
  const lang = useLanguage();
  const text = timestamp ? formatTime(timestamp, lang === 'zh' ? 'zh-CN' : 'en') : '';
  return <>{text || '-'}</>;
}
