import React from 'react';
import { Navigate, type RouteObject } from 'react-router-dom';
import { GameServerDetailPage } from '../pages/GameServerDetail';
import { GameServerSetDetailPage } from '../pages/GameServerSetDetail';
import { GameServerSetsPage } from '../pages/GameServerSets';
import { GameServersPage } from '../pages/GameServers';
import { NotFoundPage } from '../pages/NotFound';
import { OverviewPage } from '../pages/Overview';

/** The console's pages, relative to wherever a host mounts them. */
export function pageRoutes(): RouteObject[] {
  return [
    { index: true, element: <Navigate to="overview" replace /> },
    { path: 'overview', element: <OverviewPage /> },
    { path: 'gameserversets', element: <GameServerSetsPage /> },
    { path: 'gameserversets/:namespace/:name', element: <GameServerSetDetailPage /> },
    { path: 'gameservers', element: <GameServersPage /> },
    { path: 'gameservers/:namespace/:name', element: <GameServerDetailPage /> },
    { path: '*', element: <NotFoundPage /> },
  ];
}
