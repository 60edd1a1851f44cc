import { Alert } from '@kubed/components';
import React from 'react';
import { accessHint, ApiError, errorMessage } from '../api/errors';

/** An error as the API reported it: the Status message and each field cause. */
export function StatusError({ error, title }: { error: unknown; title?: React.ReactNode }): React.ReactElement {
  const causes = error instanceof ApiError ? (error.status.details?.causes ?? []) : [];
  return (
    <div role="alert" data-testid="status-error" style={{ marginBottom: 8 }}>
      <Alert type="error" title={title}>
        <div data-raw="true">{errorMessage(error)}</div>
        {accessHint(error) && <div data-testid="access-hint">{accessHint(error)}</div>}
        {causes.length > 0 && (
          <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
            {causes.map((c, i) => (
              <li key={i} data-field={c.field} data-raw="true">
                {c.field ? <code>{c.field}</code> : null}
                {c.field && c.message ? ': ' : null}
                {c.message}
              </li>
            ))}
          </ul>
        )}
      </Alert>
    </div>
  );
}
