// Progressive enhancement for shared shortlists (the page works without it: the link is
// visible as text). Shows the "Copy link" and "Print" buttons and makes them work.
(function () {
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Fallback for plain-HTTP pages, where the Clipboard API is unavailable.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  // Private edit links carry their key after "#key=", which the browser never sends to the
  // server. On the edit page, show the whole link; on the page that asks for the key, send
  // it in the form (a POST body, which no access log records) and take it out of the address.
  var key = /^#key=([A-Za-z0-9_-]{43})$/.exec(window.location.hash);
  var keyForm = document.querySelector("[data-edit-key-form]");
  if (key && keyForm) {
    keyForm.querySelector("input[name=key]").value = key[1];
    history.replaceState(null, "", window.location.pathname + window.location.search);
    keyForm.submit();
  }
  var editLink = document.querySelector("[data-edit-link]");
  if (key && editLink) {
    document.getElementById("edit-url").textContent = window.location.href;
    editLink.hidden = false;
  }

  document.querySelectorAll("[data-copy-from]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy-from"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!source) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(source.textContent.trim()).then(function () {
        if (status) status.textContent = "Link copied.";
      }, function () {
        if (status) status.textContent = "Could not copy: select the link and copy it yourself.";
      });
    });
  });

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
