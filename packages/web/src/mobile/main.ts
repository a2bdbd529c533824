import 'vant/es/toast/style';
import 'vant/es/dialog/style';
import '@/shared/styles/phone.css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { createAppI18n } from '@/shared/i18n';
import App from './App.vue';
import { phoneMessages } from './messages';
import { mobileModules } from './modules';
import { createPhoneRouter } from './router';

const i18n = createAppI18n([{ id: 'phone', messages: phoneMessages }, ...mobileModules]);
const app = createApp(App);
app.use(createPinia());
app.use(i18n);
app.use(createPhoneRouter(i18n));
app.mount('#app');
