// Any page that is not an officer's (the login page, another role's pages): this browser
// is no longer the officer's, so the service worker shows no officer's kept page and
// sends no officer's queue until that officer logs in again (their queue stays), and
// no officer's kept pages stay on it.
(function () {
  "use strict";
  if (window.AntreanPetugas && navigator.serviceWorker && navigator.serviceWorker.controller) {
    window.AntreanPetugas.aturAktif(null).catch(function () {});
    // and every officer's kept pages go (a queue stays in its officer's own database)
    if (window.caches) {
      caches.keys().then(function (nama) {
        nama.forEach(function (n) { if (n.indexOf("halaman-") === 0) caches.delete(n); });
      });
    }
  }
})();
