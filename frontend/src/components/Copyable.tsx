import { Tooltip } from '@kubed/components';
import { Copy } from '@kubed/icons';
import React, { useState } from 'react';
import styled from 'styled-components';
import { useT } from '../i18n';

const Wrap = styled.span`
  display: inline-flex;
  align-items: center;
  gap: 4px;
  font-family: Monaco, Menlo, monospace;
  font-size: 12px;
`;

const IconButton = styled.button`
  all: unset;
  cursor: pointer;
  display: inline-flex;
  opacity: 0.6;
  &:hover,
  &:focus-visible {
    opacity: 1;
  }
`;

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Text with a copy-to-clipboard button (external addresses). */
export function Copyable({ text }: { text: string }): React.ReactElement {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <Wrap>
      <span>{text}</span>
      <Tooltip content={copied ? t('OKG_COPIED') : t('OKG_COPY')} hideOnClick={false}>
        <IconButton
          type="button"
          aria-label={t('OKG_COPY_VALUE', { value: text })}
          onClick={() => {
            void copyText(text).then((ok) => {
              setCopied(ok);
              if (ok) window.setTimeout(() => setCopied(false), 1500);
            });
          }}
        >
          <Copy size={14} />
        </IconButton>
      </Tooltip>
    </Wrap>
  );
}
