import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { dehydrateStores, hydrateStores } from './stores';
import './style.css';

const pinia = createPinia();
const app = createApp(App).use(pinia);
hydrateStores(pinia);
window.addEventListener('pagehide', () => dehydrateStores(pinia));
app.mount('#app');
