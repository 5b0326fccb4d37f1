import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

// MapLibre 6 runs its tile work in a module worker loaded from a URL of its own: ship the package's worker file
// (self-contained) as assets/maplibre-gl-worker.mjs; map.ts points setWorkerUrl at it.
function maplibreWorker(): Plugin {
  const file = fileURLToPath(new URL("./node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs", import.meta.url));
  return {
    name: "maplibre-worker",
    generateBundle() {
      this.emitFile({ type: "asset", fileName: "assets/maplibre-gl-worker.mjs", source: readFileSync(file) });
    },
    configureServer(server) {
      server.middlewares.use("/assets/maplibre-gl-worker.mjs", (_req, res) => {
        res.setHeader("Content-Type", "text/javascript");
        res.end(readFileSync(file));
      });
    },
  };
}

// The server (disaster/Minato.Server, MapClientHosting) serves dist/ at /, /hq, /district/{id}, /shelter/{id}.
// `npm run dev` proxies the API to a running `./minato demo`.
export default defineConfig({
  base: "/",
  plugins: [maplibreWorker()],
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1500, sourcemap: false },
  server: {
    proxy: {
      "/api": "http://127.0.0.1:5080",
      "/tiles": "http://127.0.0.1:5080",
      "/ogc": "http://127.0.0.1:5080",
      "/hubs": { target: "http://127.0.0.1:5080", ws: true },
    },
  },
});
