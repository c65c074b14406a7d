import { defineConfig, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';

/** The dev server's hot reload talks over a WebSocket, which the production CSP rightly forbids. */
function devServerCsp(): Plugin {
  return {
    name: 'rnn-studio-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace("connect-src 'self'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*");
    },
  };
}

/** Import aliases: @shared/… is shared/, @/… is renderer/src/ (as create-vue names its source folder). */
export const aliases = {
  '@shared': fileURLToPath(new URL('./shared', import.meta.url)),
  '@': fileURLToPath(new URL('./renderer/src', import.meta.url)),
};

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  resolve: { alias: aliases },
  base: './',
  plugins: [vue(), devServerCsp()],
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
  server: { port: 5173, strictPort: false },
  preview: { port: 4317, strictPort: true, host: '127.0.0.1' },
});
