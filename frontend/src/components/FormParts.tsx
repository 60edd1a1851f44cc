import { Button, Input } from '@kubed/components';
import React from 'react';
import styled from 'styled-components';

export const Field = styled.label`
  display: flex;
  flex-direction: column;
  gap: 4px;
  margin-bottom: 12px;
  font-size: 12px;
  color: #79879c;
`;

export const Row = styled.div`
  display: flex;
  flex-wrap: wrap;
  align-items: flex-start;
  gap: 8px 16px;
`;

export const ErrorText = styled.span`
  color: #ca2621;
`;

export const Hint = styled.span`
  color: #79879c;
  font-size: 12px;
`;

export const Strong = styled.p`
  margin: 0 0 8px;
  font-weight: 600;
  color: #242e42;
`;

/** A label, a control and the field's error (client-side or the server's cause). */
export function FormField({
  label,
  error,
  hint,
  children,
  as,
  testId,
}: {
  label: React.ReactNode;
  error?: string;
  hint?: React.ReactNode;
  children: React.ReactNode;
  /** "div" for groups of buttons (a label may hold one control only) */
  as?: 'div';
  testId?: string;
}): React.ReactElement {
  return (
    <Field as={as} data-testid={testId} data-invalid={error ? 'true' : undefined}>
      {label}
      {children}
      {hint && !error && <Hint>{hint}</Hint>}
      {error && <ErrorText role="alert" data-testid={testId ? `${testId}-error` : undefined}>{error}</ErrorText>}
    </Field>
  );
}

/** One of a few values as a row of toggle buttons (role radio). */
export function Choice<V extends string>({
  value,
  options,
  onChange,
  testId,
}: {
  value: V;
  options: readonly { value: V; label: React.ReactNode }[];
  onChange: (v: V) => void;
  testId?: string;
}): React.ReactElement {
  return (
    <Row role="radiogroup" data-testid={testId} style={{ gap: 8 }}>
      {options.map((o) => (
        <Button
          key={o.value}
          size="sm"
          role="radio"
          aria-checked={value === o.value}
          data-value={o.value}
          variant={value === o.value ? 'filled' : 'outline'}
          color={value === o.value ? 'secondary' : 'default'}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </Button>
      ))}
    </Row>
  );
}

/** A text input bound to a string. */
export function TextInput({
  value,
  onChange,
  testId,
  ...rest
}: {
  value: string;
  onChange: (v: string) => void;
  testId?: string;
  placeholder?: string;
  inputMode?: 'numeric' | 'text';
  width?: number;
  'aria-label'?: string;
  disabled?: boolean;
}): React.ReactElement {
  return (
    <Input
      data-testid={testId}
      value={value}
      onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
      {...rest}
    />
  );
}
