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

// A page from the network, kept for its officer when the server marks it so. Without
// signal, the same page kept earlier (or the offline page); after TUNGGU_JARINGAN on a
// weak signal, only the very same page kept earlier. Never for the login and account
// pages, and only from the cache of the officer this browser is logged in as: every
// answer from the network says who that is now (an officer's page, or nobody).
var SELALU_JARINGAN = /^\/akun\/(masuk|keluar|kata-sandi)/;
var PESAN_LURING = "<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'>" +
  "<p style='font:16px system-ui;padding:1rem'>Tidak ada sinyal, dan halaman ini belum pernah dibuka di ponsel ini.</p>";

function catatPengguna(r) {
  if (!r.ok || (r.headers.get("Content-Type") || "").indexOf("text/html") !== 0) return;
  var pengguna = r.headers.get("X-Luring-Pengguna");
  AntreanPetugas.bacaAktif().then(function (a) {
    if (!pengguna) { if (a) AntreanPetugas.aturAktif(null); return; }
    if (!a || a.pengguna !== pengguna) AntreanPetugas.aturAktif(pengguna, "");
  });
}

function simpanan(req, longgar) {
  return AntreanPetugas.bacaAktif().then(function (a) {
    if (!a) return null;
    return caches.open("halaman-" + a.pengguna).then(function (c) {
      return c.match(req.url, { ignoreVary: true }).then(function (r) {
        if (r || !longgar) return r;
        return c.match(req.url, { ignoreVary: true, ignoreSearch: true }).then(function (r2) {
          return r2 || c.match(new URL(LURING, self.location.href).href, { ignoreVary: true });
        });
      });
    });
  });
}

function halaman(req) {
  var url = new URL(req.url);
  var jaringan = fetch(req).then(function (r) {
    catatPengguna(r);
    var pengguna = r.headers.get("X-Luring-Pengguna");
    if (pengguna && r.ok) {
      var salinan = r.clone();
      cacheHalaman(pengguna).then(function (c) { return c.put(req.url, salinan); });
    }
    return r;
  });
  if (SELALU_JARINGAN.test(url.pathname)) {
    return jaringan.catch(function () {
      return new Response(PESAN_LURING, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
    });
  }
  return new Promise(function (ok) {
    var selesai = false;
    var waktu = setTimeout(function () {
      simpanan(req, false).then(function (r) { if (r && !selesai) { selesai = true; ok(r); } });
    }, TUNGGU_JARINGAN);
    jaringan.then(function (r) { clearTimeout(waktu); if (!selesai) { selesai = true; ok(r); } }, function () {
      clearTimeout(waktu);
      simpanan(req, true).then(function (r) {
        if (selesai) return;
        selesai = true;
        ok(r || new Response(PESAN_LURING, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } }));
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
