// Progressive enhancement: fill the hidden lat/lng fields from the phone's location.
(function () {
  var button = document.querySelector("[data-near-me]");
  if (!button || !navigator.geolocation) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (position) {
      var form = button.form;
      form.elements.lat.value = position.coords.latitude.toFixed(5);
      form.elements.lng.value = position.coords.longitude.toFixed(5);
      if (form.elements.sort) { form.elements.sort.value = "distance"; }
      form.submit();
    });
  });
})();
