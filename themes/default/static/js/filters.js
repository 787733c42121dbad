// Combine filters in place on /operateurs/ (progressive enhancement).
// Without JavaScript, each filter value is a link to its own static page.
(function () {
  "use strict";
  var panel = document.querySelector("[data-filters]");
  var list = document.querySelector("[data-operator-cards]");
  var status = document.querySelector("[data-filter-status]");
  if (!panel || !list || !status) return;
  var cards = Array.prototype.slice.call(list.querySelectorAll(".operator-card"));
  var form = document.createElement("form");
  form.className = "filters__form";
  form.setAttribute("aria-label", "Combiner les filtres");

  Array.prototype.forEach.call(panel.querySelectorAll(".filters__group"), function (group) {
    var title = group.querySelector(".filters__title");
    var fieldset = document.createElement("fieldset");
    var legend = document.createElement("legend");
    legend.textContent = title.textContent;
    fieldset.appendChild(legend);
    Array.prototype.forEach.call(group.querySelectorAll("a[data-facet]"), function (link) {
      var id = "f-" + link.dataset.facet + "-" + link.dataset.value;
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.id = id;
      box.name = link.dataset.facet;
      box.value = link.dataset.value;
      label.htmlFor = id;
      label.className = "filters__option";
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + link.firstChild.textContent.trim()));
      fieldset.appendChild(label);
    });
    form.appendChild(fieldset);
    group.hidden = true;
  });
  var reset = document.createElement("button");
  reset.type = "reset";
  reset.className = "button button--secondary";
  reset.textContent = "Effacer les filtres";
  form.appendChild(reset);
  panel.appendChild(form);

  function apply() {
    var wanted = {};
    Array.prototype.forEach.call(form.querySelectorAll("input:checked"), function (box) {
      (wanted[box.name] = wanted[box.name] || []).push(box.value);
    });
    var shown = 0;
    cards.forEach(function (card) {
      var ok = Object.keys(wanted).every(function (facet) {
        var values = (card.dataset[facet] || "").split(" ");
        return wanted[facet].some(function (v) { return values.indexOf(v) !== -1; });
      });
      card.hidden = !ok;
      if (ok) shown += 1;
    });
    status.textContent = shown + " opérateur" + (shown === 1 ? "" : "s") + " sur " + cards.length +
      (Object.keys(wanted).length ? " correspondent aux filtres." : ".");
  }
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
})();
