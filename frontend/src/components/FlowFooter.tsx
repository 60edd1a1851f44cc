// Footers of the preview-then-apply dialogs (scale, reserved ids, rollout, autoscaler):
// the same buttons, words and order in each step.
import { Button } from '@kubed/components';
import React from 'react';
import { useT } from '../i18n';

/** Cancel + Preview: the form step. */
export function FormFooter(props: { previewTestId: string; busy: boolean; onCancel: () => void; onPreview: () => void }): React.ReactElement {
  const t = useT();
  return (
    <>
      <Button variant="outline" onClick={props.onCancel}>
        {t('OKG_CANCEL')}
      </Button>
      <Button color="secondary" data-testid={props.previewTestId} loading={props.busy} onClick={props.onPreview}>
        {t('OKG_PREVIEW')}
      </Button>
    </>
  );
}

/** Back + Apply: the preview step. A risky change shows Apply in red; blocked keeps it disabled (e.g. until confirmed). */
export function PreviewFooter(props: {
  applyTestId: string;
  backTestId?: string;
  busy: boolean;
  risky?: boolean;
  blocked?: boolean;
  onBack: () => void;
  onApply: () => void;
}): React.ReactElement {
  const t = useT();
  return (
    <>
      <Button variant="outline" data-testid={props.backTestId} onClick={props.onBack}>
        {t('OKG_BACK')}
      </Button>
      <Button
        color={props.risky ? 'error' : 'secondary'}
        data-testid={props.applyTestId}
        loading={props.busy}
        disabled={props.blocked}
        onClick={props.onApply}
      >
        {t('OKG_APPLY')}
      </Button>
    </>
  );
}

/** Close: the finished step. */
export function DoneFooter(props: { closeTestId?: string; onClose: () => void }): React.ReactElement {
  const t = useT();
  return (
    <Button color="secondary" data-testid={props.closeTestId} onClick={props.onClose}>
      {t('OKG_CLOSE')}
    </Button>
  );
}
