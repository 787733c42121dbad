/* Decision tree: go from step to step without a full page reload.
   Every step is a static page and every option a plain link, so the tree works
   without this script; here we fetch the next page, swap the body, keep the
   history (back button, shareable URL) and move focus to the new question. */
(function () {
  "use strict";
  if (!window.fetch || !window.history || !window.DOMParser) return;

  function enhance() {
    document.querySelectorAll("[data-orientation-print]").forEach(function (b) { b.hidden = false; });
    document.querySelectorAll("[data-orientation-print-fallback]").forEach(function (s) { s.hidden = true; });
  }

  function show(url, push) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (html) {
      var next = new DOMParser().parseFromString(html, "text/html");
      if (!next.querySelector("[data-orientation]")) throw new Error("not a step");
      // Push first: the new body's relative links resolve against the new URL.
      if (push) history.pushState({ orientation: true }, "", url);
      document.title = next.title;
      document.body.className = next.body.className;
      document.body.replaceChildren.apply(document.body, Array.from(next.body.childNodes).filter(function (n) {
        return n.nodeName !== "SCRIPT";
      }).map(function (n) { return document.adoptNode(n); }));
      enhance();
      var heading = document.getElementById("question");
      if (heading) heading.focus();
      window.scrollTo(0, 0);
    }).catch(function () { window.location.href = url; });
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-orientation-print]")) { window.print(); return; }
    var link = event.target.closest("a[data-orientation-step]");
    if (!link || event.defaultPrevented || event.button !== 0 ||
        event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (link.origin !== window.location.origin) return;
    event.preventDefault();
    show(link.href, true);
  });

  window.addEventListener("popstate", function () {
    if (document.querySelector("[data-orientation]")) show(window.location.href, false);
  });

  history.replaceState({ orientation: true }, "", window.location.href);
  enhance();
})();
