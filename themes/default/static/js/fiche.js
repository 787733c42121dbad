// Fiche page enhancements: "Copier le lien" and "Imprimer cette fiche".
// Without JavaScript the address is shown as text and the browser's print works.
(function () {
  "use strict";
  var root = document.querySelector("[data-fiche-actions]");
  if (!root) return;
  var status = root.querySelector("[data-copy-status]");
  var copy = root.querySelector("[data-copy-link]");
  var print = root.querySelector("[data-print]");
  var url = location.href.split("#")[0];

  if (copy && navigator.clipboard && window.isSecureContext) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(url).then(function () {
        status.textContent = "Lien copié : " + url;
      }, function () {
        status.textContent = "Copie impossible ; sélectionnez l'adresse ci-dessus.";
      });
    });
  }
  if (print && window.print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
})();
