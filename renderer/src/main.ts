import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { loadStudioApi } from './hosts/studioApi';
import { connectShell } from './shell';
import './styles/theme.css';

async function boot(): Promise<void> {
  const api = await loadStudioApi();
  const app = createApp(App);
  app.use(createPinia());
  connectShell(api);
  app.mount('#app');
}

boot().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  document.body.textContent = `RNN Studio could not start: ${message}`;
});
