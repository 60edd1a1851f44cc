import React from 'react';
import { NavLink } from 'react-router-dom';
import styled from 'styled-components';
import { usePaths } from '../../app/env';
import { PageHeader } from '../../components/Layout';
import { useT } from '../../i18n';

const Tabs = styled.nav`
  display: flex;
  gap: 4px;
  border-bottom: 1px solid #d8dee5;
  a {
    padding: 8px 14px;
    font-size: 13px;
    color: #79879c;
    text-decoration: none;
    border-bottom: 2px solid transparent;
  }
  a.active {
    color: #242e42;
    font-weight: 600;
    border-bottom-color: #55bc8a;
  }
`;

/** Header and tabs of the all-clusters pages. */
export function McHeader({ description, extra }: { description: string; extra?: React.ReactNode }): React.ReactElement {
  const t = useT();
  const paths = usePaths();
  return (
    <>
      <PageHeader title={t('OKG_MC_TITLE')} description={description} extra={extra} />
      <Tabs data-testid="mc-tabs">
        <NavLink end to={paths.mcGameServers}>
          {t('OKG_NAV_GAME_SERVERS')}
        </NavLink>
        <NavLink end to={paths.mcGameServerSets}>
          {t('OKG_NAV_GAME_SERVER_SETS')}
        </NavLink>
        <NavLink to={paths.mcProjects}>{t('OKG_MC_PROJECTS')}</NavLink>
      </Tabs>
    </>
  );
}
