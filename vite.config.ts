import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The wall app lives in client/; the server serves the build from dist/client and the
// geography from public/ itself, so nothing is copied twice.
export default defineConfig({
  root: 'client',
  publicDir: false,
  plugins: [react()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
  },
  server: {
    proxy: {
      '/socket.io': { target: 'http://localhost:3000', ws: true },
      '/geo': 'http://localhost:3000',
      '/api': 'http://localhost:3000',
    },
  },
});
