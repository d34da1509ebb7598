// Builds the widget as one ES module: dist/widget/kanava-widget.js.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../../dist/widget', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    lib: {
      entry: fileURLToPath(new URL('./kanava-chat.ts', import.meta.url)),
      formats: ['es'],
      fileName: () => 'kanava-widget.js',
    },
  },
});
