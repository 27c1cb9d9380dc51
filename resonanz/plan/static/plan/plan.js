// The plan pages: show only the "when" fields that fit the chosen kind, keep the focus where the user
// works after htmx swaps, and let "Cancel" drop a new row's form. Everything works without it, too.
(function () {
  "use strict";

  var WHEN_FIELDS = {
    recurrence: ["preset", "rule_words", "rrule", "start_date", "start_time"],
    fixed: ["start_date", "start_time"],
    trigger: ["trigger"]
  };
  var ALL_WHEN = ["preset", "rule_words", "rrule", "start_date", "start_time", "trigger"];

  function field(form, name) { return form.querySelector(".field-" + name); }

  function updateWhen(form) {
    var checked = form.querySelector("input[name=when_kind]:checked");
    var kind = checked ? checked.value : "";
    var shown = WHEN_FIELDS[kind] || ALL_WHEN;
    ALL_WHEN.forEach(function (name) {
      var wrapper = field(form, name);
      if (!wrapper) { return; }
      var visible = shown.indexOf(name) !== -1;
      // A field with an error stays visible, so the message is never hidden.
      if (wrapper.querySelector("[aria-invalid=true], .invalid-feedback")) { visible = true; }
      wrapper.hidden = !visible;
    });
  }

  function setUp() {
    document.querySelectorAll("form.row-form").forEach(updateWhen);
    var target = document.querySelector("[data-autofocus]");
    if (target) {
      target.removeAttribute("data-autofocus");
      if (!target.hasAttribute("tabindex") && !target.matches("a, button, input, select, textarea")) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
    }
    document.querySelectorAll("tr.row-editing:not([data-seen])").forEach(function (row) {
      row.setAttribute("data-seen", "");
      var invalid = row.querySelector("[aria-invalid=true]");
      var first = invalid || row.querySelector("select, input:not([type=hidden]), textarea");
      if (first) { first.focus(); }
    });
  }

  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("form.row-form");
    if (form && (event.target.name === "when_kind" || event.target.name === "preset")) { updateWhen(form); }
  });

  // Enter in the senders' search field searches; Enter elsewhere saves the row (the search button,
  // which comes first in the form, would otherwise be the one Enter presses).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target.closest) { return; }
    var form = event.target.closest("form.row-form");
    if (!form || event.target.tagName !== "INPUT") { return; }
    event.preventDefault();
    if (event.target.name === "sender_query") {
      if (window.htmx) { window.htmx.trigger(event.target, "search"); }
      return;
    }
    var save = form.querySelector("[data-save]");
    if (save) { form.requestSubmit(save); }
  });

  document.addEventListener("click", function (event) {
    var cancel = event.target.closest && event.target.closest("[data-cancel-new-row]");
    if (!cancel) { return; }
    event.preventDefault();
    var row = cancel.closest("tr");
    if (row) { row.remove(); }
    var add = document.getElementById("add-row");
    if (add) { add.focus(); }
  });

  document.body.addEventListener("htmx:afterSettle", setUp);
  setUp();
})();
