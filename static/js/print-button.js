// Progressive enhancement: a "Print" button where the browser can print (no keyboard hint).
(function () {
  var buttons = document.querySelectorAll("[data-print]");
  if (!window.print) { return; }
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
