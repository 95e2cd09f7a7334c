/* SIG Desa service worker: the pin form and the portal open without signal; static files come from cache. */
"use strict";
const CACHE = "sigdesa-v1";
const PAGES = {{ halaman|safe }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PAGES).catch(() => undefined)));
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))));
  self.clients.claim();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") { return; }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request).then((response) => {
      if (response.ok) { const copy = response.clone(); caches.open(CACHE).then((c) => c.put(request, copy)); }
      return response;
    })));
    return;
  }
  if (request.mode === "navigate" && PAGES.includes(url.pathname)) {
    // Network first (fresh CSRF token and messages); the cached copy when there is no signal.
    event.respondWith(fetch(request).then((response) => {
      if (response.ok) { const copy = response.clone(); caches.open(CACHE).then((c) => c.put(url.pathname, copy)); }
      return response;
    }).catch(() => caches.match(url.pathname)));
  }
});
