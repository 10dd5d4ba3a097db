// Progressive enhancement: show the chosen photo before the form is sent.
(function () {
  document.querySelectorAll("input[type=file][accept^='image']").forEach(function (input) {
    var preview = document.createElement("img");
    preview.className = "photo-preview";
    preview.alt = "";
    preview.hidden = true;
    input.insertAdjacentElement("afterend", preview);
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) { preview.hidden = true; return; }
      preview.src = URL.createObjectURL(file);
      preview.hidden = false;
    });
  });
})();
