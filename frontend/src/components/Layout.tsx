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
    // kubed's Card gives its body height: 100% below the title, which overflows a stretched grid
    // cell by the title's height (the next heading then overlaps it): a column with a growing body
    <Card
      sectionTitle={title}
      data-testid={testId}
      style={{ display: 'flex', flexDirection: 'column', minWidth: 0 }}
      contentStyle={{ height: 'auto', flex: 1 }}
    >
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
    /* values break between words (long tokens only when nothing else fits), never inside CJK words */
    overflow-wrap: break-word;
    word-break: normal;
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

/** One line, cut with an ellipsis; the whole text as its tooltip (node names, long ids). */
export const Ellipsis = styled.span<{ maxWidth?: number }>`
  display: inline-block;
  max-width: ${({ maxWidth }) => (maxWidth ? `${maxWidth}px` : '100%')};
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
  vertical-align: bottom;
`;

const ImageText = styled(Mono)`
  display: block;
  word-break: keep-all;
  overflow-wrap: normal;
`;

/** Splits an image reference after each '/', ':' and '@', the only places it may wrap. */
export function breakable(ref: string): React.ReactNode[] {
  const parts = ref.split(/(?<=[/:@])/);
  return parts.flatMap((p, i) => (i < parts.length - 1 ? [p, <wbr key={i} />] : [p]));
}

/** A container image: wraps only at '/', ':' and '@'; "container: image" as its tooltip. */
export function ImageRef({ image, container, prefix }: { image: string; container?: string; prefix?: string }): React.ReactElement {
  return (
    <ImageText title={container ? `${container}: ${image}` : image} data-image={image}>
      {prefix}
      {breakable(image)}
    </ImageText>
  );
}

/** A small heading inside a section (e.g. which object a YAML block shows). */
export const SubHeading = styled.h3`
  margin: 0 0 8px;
  font-size: 12px;
  font-weight: 600;
  color: #242e42;
`;
