// Any page that is not an officer's (the login page, another role's pages): this browser
// is no longer the officer's, so the service worker shows no officer's kept page and
// sends no officer's queue until that officer logs in again (their queue stays).
(function () {
  "use strict";
  if (window.AntreanPetugas && navigator.serviceWorker && navigator.serviceWorker.controller) {
    window.AntreanPetugas.aturAktif(null).catch(function () {});
  }
})();
