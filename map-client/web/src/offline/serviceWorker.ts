import { WorkerUrl } from "../map/map";

// The app shell for working offline: a service worker (public/sw.js, served at /sw.js) keeps the page, its bundles
// and the map tiles seen, so /field opens again with no network (its reports wait in IndexedDB). The worker can not
// know the hashed bundle names, nor see what the page loaded before it took control, so the page tells it.
export function registerAppShell(): void {
  if (!("serviceWorker" in navigator)) return;
  void (async () => {
    try {
      await navigator.serviceWorker.register("/sw.js", { scope: "/" });
      await navigator.serviceWorker.ready;
      await cacheLoadedFiles();
    } catch (e) {
      console.warn("service worker:", e);
    }
  })();
}

/** Asks the service worker to keep this page, its bundles, MapLibre's worker and the tiles loaded so far. */
export async function cacheLoadedFiles(): Promise<void> {
  if (!("serviceWorker" in navigator)) return;
  const reg = await navigator.serviceWorker.getRegistration("/");
  if (!reg?.active) return;
  const urls = [location.pathname, WorkerUrl, ...performance.getEntriesByType("resource").map((e) => e.name)]
    .map((u) => new URL(u, location.href))
    .filter((u) => u.origin === location.origin
      && (u.pathname.startsWith("/assets/") || u.pathname.startsWith("/tiles/") || u.pathname === location.pathname))
    .map((u) => u.pathname + u.search);
  reg.active.postMessage({ type: "cache", urls: [...new Set(urls)] });
}
