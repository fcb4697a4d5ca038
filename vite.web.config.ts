import { defineConfig } from 'vite';
import { rendererConfig } from './electron.vite.config.js';

/**
 * The same renderer as the desktop app, built for the browser into out/renderer, where the headless
 * host serves it (`npm run build:web`). It talks HTTP instead of IPC; the screens are identical.
 */
export default defineConfig(rendererConfig());
