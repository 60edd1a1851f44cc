import { Card } from '@kubed/components';
import React from 'react';
import { Link } from 'react-router-dom';
import styled from 'styled-components';

export const Page = styled.div`
  padding: 20px;
  display: flex;
  flex-direction: column;
  gap: 12px;
`;

const HeaderBox = styled.div`
  display: flex;
  align-items: flex-end;
  justify-content: space-between;
  gap: 12px;
  h1 {
    margin: 0;
    font-size: 20px;
    line-height: 28px;
    font-weight: 600;
    color: #242e42;
  }
  p {
    margin: 4px 0 0;
    color: #79879c;
    font-size: 12px;
  }
`;

/** Several things on the right of a page header (connection state, actions). */
export const HeaderExtra = styled.div`
  display: flex;
  align-items: center;
  gap: 12px;
`;

const Crumb = styled(Link)`
  font-size: 12px;
  color: #3385ff;
  text-decoration: none;
`;

export function PageHeader({
  title,
  description,
  back,
  extra,
}: {
  title: React.ReactNode;
  description?: React.ReactNode;
  back?: { to: string; label: string };
  extra?: React.ReactNode;
}): React.ReactElement {
  return (
    <HeaderBox>
      <div>
        {back && <Crumb to={back.to}>← {back.label}</Crumb>}
        <h1>{title}</h1>
        {description && <p>{description}</p>}
      </div>
      {extra}
    </HeaderBox>
  );
}

export function Section({
  title,
  children,
  testId,
}: {
  title: React.ReactNode;
  children: React.ReactNode;
  testId?: string;
}): React.ReactElement {
  return (
    <Card sectionTitle={title} data-testid={testId}>
      {children}
    </Card>
  );
}

const Grid = styled.dl`
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(220px, 1fr));
  gap: 12px 24px;
  margin: 0;
  dt {
    font-size: 12px;
    color: #79879c;
  }
  dd {
    margin: 2px 0 0;
    font-weight: 600;
    color: #242e42;
    word-break: break-all;
  }
`;

/** Label/value pairs in a responsive grid. */
export function Fields({ items }: { items: { label: string; value: React.ReactNode }[] }): React.ReactElement {
  return (
    <Grid>
      {items.map((it) => (
        <div key={it.label}>
          <dt>{it.label}</dt>
          <dd>{it.value === '' || it.value === undefined || it.value === null ? '-' : it.value}</dd>
        </div>
      ))}
    </Grid>
  );
}

export const Toolbar = styled.div`
  display: flex;
  flex-wrap: wrap;
  align-items: flex-end;
  gap: 8px 12px;
  padding: 12px 20px;
`;

export const Mono = styled.span`
  font-family: Monaco, Menlo, monospace;
  font-size: 12px;
`;

export const Muted = styled.span`
  color: #79879c;
`;
