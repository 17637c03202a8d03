// Setting an RW's point: a click on the map (#peta, drawn by peta.js) moves the marker
// and fills the latitude and longitude fields; typing in them moves the marker.
(function () {
  "use strict";
  function mulai() {
    var el = document.getElementById("peta");
    var lat = document.getElementById("id_latitude");
    var lng = document.getElementById("id_longitude");
    if (!el || !el.petaLeaflet || !lat || !lng) return;
    var map = el.petaLeaflet;
    var penanda = null;
    // Here a tap on the kelurahan means "the point is here", not "open its link".
    map.eachLayer(function (l) { if (l.unbindPopup) l.unbindPopup(); });
    function tandai(latlng) {
      if (penanda) penanda.setLatLng(latlng);
      else penanda = L.circleMarker(latlng, { radius: 9, color: "#c0392b", weight: 3, fillOpacity: 0.4 }).addTo(map);
    }
    map.on("click", function (e) {
      lat.value = e.latlng.lat.toFixed(6);
      lng.value = e.latlng.lng.toFixed(6);
      tandai(e.latlng);
    });
    function dariIsian() {
      var a = parseFloat(lat.value), b = parseFloat(lng.value);
      if (isFinite(a) && isFinite(b)) tandai([a, b]);
    }
    lat.addEventListener("change", dariIsian);
    lng.addEventListener("change", dariIsian);
    dariIsian();
    el.dataset.titik = "siap";
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mulai);
  else mulai();
})();
