// "Copy text": puts the text of the element named by data-copy-target on the clipboard and says so.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) return;
    var name = button.getAttribute("data-copy-target");
    var field = document.getElementById(name);
    var status = document.querySelector('[data-copy-status="' + name + '"]');
    if (!field) return;
    var done = function () { if (status) status.textContent = button.getAttribute("data-copied"); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
    } else {
      field.select();
      if (document.execCommand("copy")) done();
    }
  });
})();
