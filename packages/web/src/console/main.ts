import 'element-plus/theme-chalk/base.css';
import '@/shared/styles/console.css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { createAppI18n } from '@/shared/i18n';
import App from './App.vue';
import { shellMessages } from './messages';
import { consoleModules } from './modules';
import { createConsoleRouter } from './router';

const i18n = createAppI18n([{ id: 'console', messages: shellMessages }, ...consoleModules]);
const app = createApp(App);
app.use(createPinia());
app.use(i18n);
app.use(createConsoleRouter(i18n));
app.mount('#app');
