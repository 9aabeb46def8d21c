import { createRouter, createWebHistory } from 'vue-router';
import DataPage from './pages/DataPage.vue';
import DistrictsPage from './pages/DistrictsPage.vue';
import DomainsPage from './pages/DomainsPage.vue';
import IndicatorPage from './pages/IndicatorPage.vue';
import OverviewPage from './pages/OverviewPage.vue';
import RegistryPage from './pages/RegistryPage.vue';

/** Pages; their state lives in the query string (`indicator`, `area`, `period`, `frequency`). */
export const routes = [
  { path: '/', name: 'overview', component: OverviewPage },
  { path: '/indicator', name: 'indicator', component: IndicatorPage },
  { path: '/districts', name: 'districts', component: DistrictsPage },
  { path: '/domains', name: 'domains', component: DomainsPage },
  { path: '/registry', name: 'registry', component: RegistryPage },
  { path: '/data', name: 'data', component: DataPage },
  { path: '/:rest(.*)*', redirect: '/' },
];

export function createAppRouter() {
  return createRouter({ history: createWebHistory(), routes });
}
