// Combine filters in place on /operateurs/ (progressive enhancement).
// Without JavaScript, each filter value is a link to its own static page.
// The list changes only when the reader sends the form (its submit button, or Enter): ticking a
// box changes nothing on its own (WCAG 3.2.2), and the live region then says how many remain.
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
  var actions = document.createElement("p");
  actions.className = "filters__actions";
  var submit = document.createElement("button");
  submit.type = "submit";
  submit.className = "button";
  submit.textContent = "Afficher les opérateurs";
  actions.appendChild(submit);
  actions.appendChild(document.createTextNode(" "));
  var reset = document.createElement("button");
  reset.type = "reset";
  reset.className = "button button--secondary";
  reset.textContent = "Effacer les filtres";
  actions.appendChild(reset);
  form.appendChild(actions);
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
    var total = " sur " + cards.length;
    if (!Object.keys(wanted).length) {
      status.textContent = shown + " opérateurs" + total + " : aucun filtre.";
    } else if (shown === 0) {
      status.textContent = "Aucun opérateur" + total + " ne correspond aux filtres.";
    } else {
      status.textContent = shown + " opérateur" + (shown === 1 ? "" : "s") + total +
        (shown === 1 ? " correspond aux filtres." : " correspondent aux filtres.");
    }
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    apply();
  });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
})();
