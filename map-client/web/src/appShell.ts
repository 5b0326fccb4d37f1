// The app shell for working offline: a service worker (public/sw.js, served at /sw.js) keeps the page and its
// bundles, so /field opens again with no network (its reports wait in IndexedDB). The worker can not know the hashed
// bundle names, so the page tells it which of its own files it loaded.
export function registerAppShell(): void {
  if (!("serviceWorker" in navigator)) return;
  void (async () => {
    try {
      await navigator.serviceWorker.register("/sw.js", { scope: "/" });
      const reg = await navigator.serviceWorker.ready;
      const urls = [location.pathname, ...performance.getEntriesByType("resource").map((e) => e.name)]
        .map((u) => new URL(u, location.href))
        .filter((u) => u.origin === location.origin && (u.pathname.startsWith("/assets/") || u.pathname === location.pathname))
        .map((u) => u.pathname + u.search);
      reg.active?.postMessage({ type: "cache", urls: [...new Set(urls)] });
    } catch (e) {
      console.warn("service worker:", e);
    }
  })();
}
