import { createRouter, createWebHistory, type RouteLocation } from 'vue-router';
import AuditPage from './pages/AuditPage.vue';
import CollectPage from './pages/CollectPage.vue';
import DataPage from './pages/DataPage.vue';
import DistrictsPage from './pages/DistrictsPage.vue';
import DomainsPage from './pages/DomainsPage.vue';
import IndicatorPage from './pages/IndicatorPage.vue';
import LoginPage from './pages/LoginPage.vue';
import NotFoundPage from './pages/NotFoundPage.vue';
import OverviewPage from './pages/OverviewPage.vue';
import RegistryEntityPage from './pages/RegistryEntityPage.vue';
import RegistryPage from './pages/RegistryPage.vue';
import ReportingPage from './pages/ReportingPage.vue';
import ReportsPage from './pages/ReportsPage.vue';
import UsersPage from './pages/UsersPage.vue';

/** Pages; their state lives in the query string (`indicator`, `area`, `period`, `frequency`). */
export const routes = [
  { path: '/', name: 'overview', component: OverviewPage },
  { path: '/indicator', name: 'indicator', component: IndicatorPage },
  // `/indicator/<id>` is read as `/indicator?indicator=<id>`: an unknown id is then said so on the page.
  {
    path: '/indicator/:id',
    redirect: (to: RouteLocation) => ({
      path: '/indicator',
      query: { ...to.query, indicator: String(to.params.id) },
    }),
  },
  { path: '/districts', name: 'districts', component: DistrictsPage },
  { path: '/domains', name: 'domains', component: DomainsPage },
  { path: '/registry', name: 'registry', component: RegistryPage },
  { path: '/registry/entity/:id', name: 'registryEntity', component: RegistryEntityPage },
  { path: '/reports', name: 'reports', component: ReportsPage },
  { path: '/data', name: 'data', component: DataPage },
  { path: '/collect', name: 'collect', component: CollectPage },
  { path: '/reporting', name: 'reporting', component: ReportingPage },
  { path: '/audit', name: 'audit', component: AuditPage },
  { path: '/login', name: 'login', component: LoginPage },
  { path: '/admin/users', name: 'users', component: UsersPage },
  { path: '/:rest(.*)*', name: 'notFound', component: NotFoundPage },
];

export function createAppRouter() {
  return createRouter({ history: createWebHistory(), routes });
}
