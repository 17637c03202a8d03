// The portal's service worker (served by pendataan/views/luring.py). It keeps the
// officer pages' files, keeps each officer page that was opened, for that officer
// alone, so it opens without signal, and sends the officer's queue when the signal
// returns even with every page closed (Background Sync).
"use strict";
importScripts("{{ antrean_js }}");
var VERSI = "__VERSI__";
var STATIS = "statis-" + VERSI;
var DAFTAR_STATIS = [{% for s in statis %}"{{ s|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
var LURING = "{{ luring_url|escapejs }}";
var TUNGGU_JARINGAN = 6000; // weak signal: after this long, the kept page is shown

self.addEventListener("install", function (e) {
  e.waitUntil(caches.open(STATIS).then(function (c) { return c.addAll(DAFTAR_STATIS); }).then(function () { return self.skipWaiting(); }));
});
self.addEventListener("activate", function (e) {
  e.waitUntil(caches.keys().then(function (nama) {
    return Promise.all(nama.filter(function (n) { return n.indexOf("statis-") === 0 && n !== STATIS; }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

function cacheHalaman(pengguna) { return caches.open("halaman-" + pengguna); }

// A page from the network, kept for its officer when the server marks it so; without
// signal (or after TUNGGU_JARINGAN), the same page kept earlier, else the offline page.
function halaman(req) {
  var jaringan = fetch(req).then(function (r) {
    var pengguna = r.headers.get("X-Luring-Pengguna");
    if (pengguna && r.ok) {
      var salinan = r.clone();
      cacheHalaman(pengguna).then(function (c) { return c.put(req.url, salinan); });
    }
    return r;
  });
  var simpanan = AntreanPetugas.bacaAktif().then(function (a) {
    if (!a) return null;
    return cacheHalaman(a.pengguna).then(function (c) {
      var opsi = { ignoreVary: true };
      return c.match(req.url, opsi).then(function (r) {
        return r || c.match(req.url, { ignoreVary: true, ignoreSearch: true }).then(function (r2) { return r2 || c.match(new URL(LURING, self.location.href).href, opsi); });
      });
    });
  });
  return new Promise(function (ok) {
    var selesai = false;
    var pakaiSimpanan = function () {
      simpanan.then(function (r) {
        if (selesai) return;
        if (r) { selesai = true; ok(r); }
      });
    };
    var waktu = setTimeout(pakaiSimpanan, TUNGGU_JARINGAN);
    jaringan.then(function (r) { clearTimeout(waktu); if (!selesai) { selesai = true; ok(r); } }, function () {
      clearTimeout(waktu);
      simpanan.then(function (r) {
        if (selesai) return;
        selesai = true;
        ok(r || new Response("<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'><p style='font:16px system-ui;padding:1rem'>Tidak ada sinyal, dan halaman ini belum pernah dibuka di ponsel ini.</p>",
          { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } }));
      });
    });
  });
}

self.addEventListener("fetch", function (e) {
  var req = e.request;
  if (req.method !== "GET") return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (DAFTAR_STATIS.indexOf(url.pathname) >= 0) {
    e.respondWith(caches.match(req).then(function (r) { return r || fetch(req); }));
    return;
  }
  if (req.mode === "navigate") e.respondWith(halaman(req));
});

// Background Sync: the queue goes out when the connection returns, pages open or not.
// A send that found no signal fails the event, so the browser tries again later.
self.addEventListener("sync", function (e) {
  if (e.tag !== "kirim-antrean") return;
  e.waitUntil(AntreanPetugas.bacaAktif().then(function (a) {
    if (!a) return null;
    return AntreanPetugas.jalankan(a.pengguna, a.csrf, { paksa: true }).then(function (h) {
      if (h.galat === "sinyal" || h.galat === "server") throw new Error("belum terkirim: " + h.galat);
    });
  }));
});
