// The editorial calendar: drag a scheduled post onto another day to move it there (same time of day).
// The "Move" form beside each post does the same with the keyboard; without this script it still works.
(function () {
  "use strict";

  var dragged = null;

  function cellOf(target) { return target && target.closest ? target.closest("td[data-day]") : null; }

  document.addEventListener("dragstart", function (event) {
    var item = event.target.closest && event.target.closest("[data-move-url]");
    if (!item) { return; }
    dragged = item;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.getAttribute("data-move-url"));
    item.classList.add("opacity-50");
  });

  document.addEventListener("dragend", function () {
    if (dragged) { dragged.classList.remove("opacity-50"); }
    dragged = null;
    document.querySelectorAll("td[data-day].table-active").forEach(function (cell) {
      cell.classList.remove("table-active");
    });
  });

  document.addEventListener("dragover", function (event) {
    var cell = cellOf(event.target);
    if (!dragged || !cell) { return; }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    cell.classList.add("table-active");
  });

  document.addEventListener("dragleave", function (event) {
    var cell = cellOf(event.target);
    if (cell && !cell.contains(event.relatedTarget)) { cell.classList.remove("table-active"); }
  });

  document.addEventListener("drop", function (event) {
    var cell = cellOf(event.target);
    if (!dragged || !cell || !window.htmx) { return; }
    event.preventDefault();
    var item = dragged;
    if (item.parentElement === cell) { return; }
    cell.appendChild(item);
    window.htmx.ajax("POST", item.getAttribute("data-move-url"), {
      source: item,
      swap: "none",
      values: { day: cell.getAttribute("data-day") }
    });
  });

  // A refused move (400) is told in place; the page then shows where the post really is.
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var item = event.detail.elt;
    if (!item || !item.hasAttribute || !item.hasAttribute("data-move-url")) { return; }
    if (event.detail.xhr.status < 400) { return; }
    window.alert(event.detail.xhr.responseText);
    window.location.reload();
  });
})();
