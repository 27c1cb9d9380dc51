// Small progressive enhancements. Everything works without JavaScript too.
(function () {
  "use strict";
  // After an htmx swap, move focus to the first announced error so screen readers hear it.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var invalid = event.target.querySelector("[aria-invalid=true]");
    if (invalid) { invalid.focus(); }
  });
  // Copy buttons (API token shown once).
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    button.addEventListener("click", function () {
      var target = document.getElementById(button.getAttribute("data-copy-target"));
      if (target && navigator.clipboard) { navigator.clipboard.writeText(target.value || target.textContent); }
    });
  });
})();
