// The console's production build: served by the gateway under /console/
// from the same origin as the API, under a Content-Security-Policy without
// 'unsafe-inline' (gateway/console_site.h), so nothing is inlined.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/console/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // No inline module-preload polyfill, no assets as data: URLs in scripts.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
  },
});
