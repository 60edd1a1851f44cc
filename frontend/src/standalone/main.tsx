// Standalone entry: a small host of its own that provides what ks-console would (React 17,
// router, styled-components, kube-design theme) and mounts the same pages at "/".
import { CssBaseline, KubedConfigProvider } from '@kubed/components';
import React from 'react';
import ReactDOM from 'react-dom';
import { BrowserRouter, useRoutes } from 'react-router-dom';
import { StandaloneProviders } from '../app/Roots';
import { createQueryClient } from '../app/queryClient';
import { pageRoutes } from '../app/routes';
import { setLanguage, useLanguage } from '../i18n';
import { storedLanguage } from '../i18n/detect';
import { Shell } from './Shell';

const queryClient = createQueryClient();
setLanguage(storedLanguage());

function App(): React.ReactElement | null {
  return useRoutes([{ path: '/', element: <Shell />, children: pageRoutes() }]);
}

function Themed({ children }: { children: React.ReactNode }): React.ReactElement {
  const lang = useLanguage();
  return (
    <KubedConfigProvider locale={lang}>
      <CssBaseline />
      {children}
    </KubedConfigProvider>
  );
}

ReactDOM.render(
  <Themed>
    <BrowserRouter>
      <StandaloneProviders client={queryClient}>
        <App />
      </StandaloneProviders>
    </BrowserRouter>
  </Themed>,
  document.getElementById('root'),
);
