import React, { useMemo } from 'react';
import styled from 'styled-components';
import { toYaml } from '../utils/yaml';

const Pre = styled.pre`
  margin: 0;
  padding: 12px 16px;
  max-height: 600px;
  overflow: auto;
  background: #242e42;
  color: #eff4f9;
  border-radius: 4px;
  font-family: Monaco, Menlo, monospace;
  font-size: 12px;
  line-height: 18px;
`;

/** A read-only YAML rendering of a raw object. */
export function YamlView({ value, testId = 'yaml' }: { value: unknown; testId?: string }): React.ReactElement {
  const text = useMemo(() => toYaml(value), [value]);
  return <Pre data-testid={testId}>{text}</Pre>;
}
