// Small behaviours of the desk pages, declared in the markup with data- attributes
// instead of inline handlers (onclick=...), which the Content-Security-Policy refuses:
//   data-cetak             a button that prints the page
//   data-kirim-ubah        a <select> that sends its form when changed
//   data-konfirmasi="..."  a form that asks first, and is not sent unless confirmed
//   data-sekali            a submit button that cannot send its form twice
(function () {
  "use strict";
  document.addEventListener("click", function (e) {
    if (e.target.closest("[data-cetak]")) window.print();
  });
  document.addEventListener("change", function (e) {
    if (e.target.matches("select[data-kirim-ubah]") && e.target.form) e.target.form.submit();
  });
  document.addEventListener("submit", function (e) {
    var form = e.target;
    var pesan = form.getAttribute("data-konfirmasi");
    if (pesan && !window.confirm(pesan)) {
      e.preventDefault();
      return;
    }
    var tombol = form.querySelectorAll("[data-sekali]");
    // after the browser took the form's data, so the button's own value is still sent
    window.setTimeout(function () {
      tombol.forEach(function (t) { t.disabled = true; });
    }, 0);
  });
})();
