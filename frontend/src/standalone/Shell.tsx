import { Select } from '@kubed/components';
import React from 'react';
import { NavLink, Outlet } from 'react-router-dom';
import styled from 'styled-components';
import { usePaths } from '../app/env';
import { useMultiClusterAvailable } from '../features/clusters/hooks';
import { LANGUAGES, setLanguage, useLanguage, useT, type Language } from '../i18n';
import { rememberLanguage } from '../i18n/detect';

const Top = styled.header`
  position: sticky;
  top: 0;
  z-index: 10;
  display: flex;
  align-items: center;
  gap: 24px;
  height: 56px;
  padding: 0 20px;
  background: #242e42;
  color: #fff;
`;

const Brand = styled.div`
  font-size: 16px;
  font-weight: 600;
`;

const Nav = styled.nav`
  display: flex;
  gap: 4px;
  flex: 1;
  a {
    color: #d8dee5;
    text-decoration: none;
    padding: 6px 12px;
    border-radius: 4px;
    font-size: 13px;
  }
  a.active,
  a:hover {
    color: #fff;
    background: rgba(255, 255, 255, 0.12);
  }
`;

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', zh: '简体中文' };

export function LanguageSwitch(): React.ReactElement {
  const t = useT();
  const lang = useLanguage();
  return (
    <Select
      data-testid="language-switch"
      aria-label={t('OKG_LANGUAGE')}
      style={{ width: 120 }}
      value={lang}
      options={LANGUAGES.map((l) => ({ label: LANGUAGE_NAMES[l], value: l }))}
      onChange={(value: Language) => {
        rememberLanguage(value);
        setLanguage(value);
      }}
    />
  );
}

/** The standalone host: a top bar (brand, navigation, language) above the pages. */
export function Shell(): React.ReactElement {
  const t = useT();
  const paths = usePaths();
  // with one cluster there is nothing to merge: the entry hides
  const multi = useMultiClusterAvailable();
  return (
    <>
      <Top>
        <Brand>{t('OKG_MENU_TITLE')}</Brand>
        <Nav>
          <NavLink to={paths.overview}>{t('OKG_NAV_OVERVIEW')}</NavLink>
          <NavLink to={paths.gameServerSets}>{t('OKG_NAV_GAME_SERVER_SETS')}</NavLink>
          <NavLink to={paths.gameServers}>{t('OKG_NAV_GAME_SERVERS')}</NavLink>
          <NavLink to={paths.history}>{t('OKG_NAV_HISTORY')}</NavLink>
          <NavLink to={paths.nodes}>{t('OKG_NAV_NODES')}</NavLink>
          {multi && (
            <NavLink to={paths.mcGameServers} data-testid="nav-all-clusters">
              {t('OKG_NAV_ALL_CLUSTERS')}
            </NavLink>
          )}
        </Nav>
        <LanguageSwitch />
      </Top>
      <main>
        <Outlet />
      </main>
    </>
  );
}
