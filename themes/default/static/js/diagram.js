// The orientation diagram (progressive enhancement): vis-network draws the data of
// assets/diagram/data.js at the positions computed at build time (no physics).
// Everything it shows is also in the equivalent list on the same page.
(function () {
  "use strict";
  var data = window.CARTO_DIAGRAM;
  var container = document.querySelector("[data-diagram-canvas]");
  if (!data || !window.vis || !container) return;
  var status = document.querySelector("[data-diagram-status]");
  var controls = document.querySelector("[data-diagram-controls]");
  document.documentElement.classList.add("diagram-js");
  container.textContent = "";

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.cartoNetwork = network;
  network.once("afterDrawing", function () {
    network.fit({ animation: false });
    document.documentElement.dataset.diagramReady = "1";
  });

  function say(text) { status.textContent = text; }
  function label(id) { var n = nodes.get(id); return n ? n.label : id; }

  function show(id) {
    if (!nodes.get(id)) return;
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: false });
    say(label(id) + " est sélectionné et centré dans le diagramme. Entrée sur le nœud : ouvrir sa fiche.");
  }

  network.on("click", function (event) {
    if (!event.nodes.length) return;
    var node = nodes.get(event.nodes[0]);
    if (node && node.href) window.location.href = node.href;
  });

  controls.hidden = false;
  controls.addEventListener("click", function (event) {
    var button = event.target.closest("[data-zoom]");
    if (!button) return;
    var kind = button.getAttribute("data-zoom");
    if (kind === "fit") { network.fit({ animation: false }); say("Diagramme recentré."); return; }
    var scale = network.getScale() * (kind === "in" ? 1.25 : 0.8);
    network.moveTo({ scale: scale, animation: false });
    say("Zoom : " + Math.round(scale * 100) + " %.");
  });

  var center = document.querySelector("[data-center]");
  if (center) center.addEventListener("change", function () { if (center.value) show(center.value); });

  Array.prototype.forEach.call(document.querySelectorAll("[data-show-node]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      show(button.getAttribute("data-show-node"));
      container.scrollIntoView({ block: "center" });
    });
  });

  var selects = Array.prototype.slice.call(document.querySelectorAll("[data-highlight]"));
  function highlight() {
    var wanted = selects.map(function (s) { return s.value; }).filter(Boolean);
    var operators = nodes.get({ filter: function (n) { return n.group === "operator"; } });
    var count = 0;
    nodes.update(operators.map(function (n) {
      var ok = wanted.every(function (key) { return (data.index[key] || []).indexOf(n.id) !== -1; });
      if (ok) count += 1;
      return { id: n.id, opacity: ok ? 1 : 0.15 };
    }));
    say(wanted.length ? count + " opérateur" + (count === 1 ? "" : "s") + " correspond" + (count === 1 ? "" : "ent") + " à la sélection."
                      : "Tous les opérateurs sont affichés.");
  }
  selects.forEach(function (s) { s.addEventListener("change", highlight); });
})();
