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

// 5. Leaving the keywords box fires "change" after the delayed live search has already sent
//    the same words: drop a repeat of the search on screen. (A second, identical request
//    would replace the results under the visitor's next click, and a shortlist button
//    swapped out mid-request cannot update the header's count.)
function directoryQuery(params) {
  var parts = [];
  params.forEach(function (value, key) {
    if (value !== "" && !(key === "radius" && !params.get("zip"))) parts.push(key + "=" + value);
  });
  return parts.join("&");
}

var shownQuery = null;
function rememberShownQuery() {
  var form = document.getElementById("filters");
  if (form) shownQuery = directoryQuery(new FormData(form));
}
document.addEventListener("DOMContentLoaded", rememberShownQuery);
document.addEventListener("htmx:historyRestore", rememberShownQuery);
// Results updated by something else (a page link, a compare tick): the form, as it is now,
// describes what is on screen. (The form's own requests are remembered when they are sent,
// not when they land: the visitor may have typed on meanwhile.)
document.addEventListener("htmx:afterSettle", function (event) {
  if (!event.detail.target || event.detail.target.id !== "results") return;
  var elt = event.detail.requestConfig && event.detail.requestConfig.elt;
  if (elt && elt.id !== "filters") rememberShownQuery();
});

document.addEventListener("htmx:configRequest", function (event) {
  if (!event.detail.elt || event.detail.elt.id !== "filters") return;
  var trigger = event.detail.triggeringEvent;
  var query = directoryQuery(event.detail.parameters);
  if (query === shownQuery && !(trigger && trigger.type === "submit")) {
    event.preventDefault();
    return;
  }
  shownQuery = query;
});

// 6. After a compare tick or a "Remove" in the compare tray (links that htmx turns into a
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
