import { createRouter, createWebHistory, type RouteLocation } from 'vue-router';
import DataPage from './pages/DataPage.vue';
import DistrictsPage from './pages/DistrictsPage.vue';
import DomainsPage from './pages/DomainsPage.vue';
import IndicatorPage from './pages/IndicatorPage.vue';
import NotFoundPage from './pages/NotFoundPage.vue';
import OverviewPage from './pages/OverviewPage.vue';
import RegistryEntityPage from './pages/RegistryEntityPage.vue';
import RegistryPage from './pages/RegistryPage.vue';

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
  { path: '/data', name: 'data', component: DataPage },
  { path: '/:rest(.*)*', name: 'notFound', component: NotFoundPage },
];

export function createAppRouter() {
  return createRouter({ history: createWebHistory(), routes });
}
