// Minato.Gis service worker: the app shell offline (see src/offline/serviceWorker.ts).
// - page navigations: network first; with no network, the cached page (every view is the same index.html);
// - /assets/*: cache first (hashed names never change);
// - /tiles/*: network first, the cached tile when offline;
// - everything else (the API, the live hub, every POST) is never touched: it always goes to the network.
const CACHE = "minato-shell-v1";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.add("/field")).catch(() => undefined).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const k of await caches.keys()) if (k !== CACHE) await caches.delete(k);
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  const d = event.data;
  if (!d || d.type !== "cache" || !Array.isArray(d.urls)) return;
  event.waitUntil(caches.open(CACHE).then((c) => Promise.all(d.urls.map((u) => c.match(u).then((hit) => hit || c.add(u)).catch(() => undefined)))));
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.mode === "navigate") {
    if (!/^\/(field|hq|district\/[a-z-]+|shelter\/[^/]+)?\/?$/.test(url.pathname)) return; // /docs, /ogc, … : not ours
    event.respondWith((async () => {
      try {
        const fresh = await fetch(req);
        if (fresh.ok && (fresh.headers.get("content-type") || "").startsWith("text/html")) {
          const c = await caches.open(CACHE);
          await c.put(url.pathname, fresh.clone());
        }
        return fresh;
      } catch (e) {
        const c = await caches.open(CACHE);
        // Every view is the same index.html: any cached copy will do.
        return (await c.match(url.pathname)) || (await c.match("/field")) || Response.error();
      }
    })());
  } else if (url.pathname.startsWith("/assets/")) {
    event.respondWith((async () => {
      const c = await caches.open(CACHE);
      const hit = await c.match(req);
      if (hit) return hit;
      const fresh = await fetch(req);
      if (fresh.ok) await c.put(req, fresh.clone());
      return fresh;
    })());
  } else if (url.pathname.startsWith("/tiles/")) {
    event.respondWith((async () => {
      const c = await caches.open(CACHE);
      try {
        const fresh = await fetch(req);
        if (fresh.ok) await c.put(req, fresh.clone());
        return fresh;
      } catch (e) {
        return (await c.match(req)) || Response.error();
      }
    })());
  }
});
