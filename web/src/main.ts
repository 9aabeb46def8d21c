import { createApp } from 'vue';
import 'vue-echarts/style.css';
import App from './App.vue';
import './element-styles.js';
import { i18n } from './i18n.js';
import { createAppRouter } from './router.js';
import './styles.css';

createApp(App).use(createAppRouter()).use(i18n).mount('#app');
