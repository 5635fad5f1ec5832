// Progressive enhancement for the program directory (the page works without it):
// drop empty parameters from live-filter requests so the address bar stays short and
// shareable, and move focus to the error summary when the server reports a problem.
document.addEventListener("htmx:configRequest", function (event) {
  var params = event.detail.parameters;
  if (!params || typeof params.forEach !== "function") return;
  var empty = [];
  params.forEach(function (value, key) {
    if (value === "" || (key === "radius" && !params.get("zip"))) empty.push(key);
  });
  empty.forEach(function (key) { params.delete(key); });
});
