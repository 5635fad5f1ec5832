// Progressive enhancement for the program directory (the page works without it).
// 1. Drop empty parameters from live-filter requests so the address bar stays short and
//    shareable.
// 2. When the server answers with form errors (it swaps the whole directory), move focus
//    to the error summary, as a full page load would let a screen reader find it.
document.addEventListener("htmx:configRequest", function (event) {
  var params = event.detail.parameters;
  if (!params || typeof params.forEach !== "function") return;
  var empty = [];
  params.forEach(function (value, key) {
    if (value === "" || (key === "radius" && !params.get("zip"))) empty.push(key);
  });
  empty.forEach(function (key) { params.delete(key); });
});

document.addEventListener("htmx:afterSettle", function (event) {
  if (event.detail.target && event.detail.target.id === "directory-page") {
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
  }
});

// 3. A results-only answer means the search has no errors any more: clear the old ones.
document.addEventListener("htmx:afterSettle", function (event) {
  if (!event.detail.target || event.detail.target.id !== "results") return;
  document.querySelectorAll(".error-summary, .field-error").forEach(function (el) {
    el.remove();
  });
  document.querySelectorAll(".has-error").forEach(function (el) {
    el.classList.remove("has-error");
  });
});

// 4. After "Show programs" (an explicit submit, not a live change), move focus and the view
//    to the results, as the page without JavaScript does (its form goes to #results).
document.addEventListener("htmx:afterSettle", function (event) {
  if (!event.detail.target || event.detail.target.id !== "results") return;
  var trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
  if (!trigger || trigger.type !== "submit") return;
  var heading = document.getElementById("results-heading");
  if (!heading) return;
  heading.setAttribute("tabindex", "-1");
  heading.focus({ preventScroll: true });
  document.getElementById("result-status").scrollIntoView({ block: "start" });
});

// 5. After a compare tick or a "Remove" in the compare tray (links that htmx turns into a
//    results update), put focus back on the same control in the new results, or on the
//    tray's heading when that control has gone.
document.addEventListener("htmx:afterSettle", function (event) {
  if (!event.detail.target || event.detail.target.id !== "results") return;
  var elt = event.detail.requestConfig && event.detail.requestConfig.elt;
  if (!elt || !elt.classList) return;
  if (!elt.classList.contains("compare-toggle") && !elt.classList.contains("compare-tray-remove")) {
    return;
  }
  var again = elt.id && document.getElementById(elt.id);
  var target = again && again !== elt ? again : document.getElementById("compare-tray-heading");
  if (target) target.focus({ preventScroll: true });
});
