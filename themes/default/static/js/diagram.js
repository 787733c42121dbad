// The orientation diagram (progressive enhancement). The page shows an SVG drawn at build time;
// this script only offers the interactive view: on the reader's demand it loads vis-network and
// assets/diagram/data.js (the same positions, no physics) and draws them in a canvas in place of
// the drawing. Everything either shows is also in the equivalent list on the same page.
(function () {
  "use strict";
  var open = document.querySelector("[data-diagram-open]");
  var figure = document.querySelector("[data-diagram-figure]");
  var container = document.querySelector("[data-diagram-canvas]");
  var status = document.querySelector("[data-diagram-status]");
  var controls = document.querySelector("[data-diagram-controls]");
  if (!open || !figure || !container) return;
  var network = null, nodes = null, data = null, loading = [];

  function say(text) { status.textContent = text; }

  // The scripts, in order (async=false keeps it); done() once both ran.
  function load(done) {
    loading.push(done);
    if (loading.length > 1) return;
    var sources = open.getAttribute("data-diagram-scripts").split(" ");
    var left = sources.length;
    open.disabled = true;
    say("Chargement de la vue interactive…");
    sources.forEach(function (src) {
      var script = document.createElement("script");
      script.src = src;
      script.async = false;
      script.onload = function () { left -= 1; if (left === 0) start(); };
      script.onerror = function () {
        open.disabled = false;
        loading = [];
        say("La vue interactive n'a pas pu se charger. Le dessin et la liste équivalente restent disponibles.");
      };
      document.head.appendChild(script);
    });
  }

  function start() {
    data = window.CARTO_DIAGRAM;
    if (!data || !window.vis) return;
    show(true);
    nodes = new vis.DataSet(data.nodes);
    network = new vis.Network(container, { nodes: nodes, edges: new vis.DataSet(data.edges) }, data.options);
    window.cartoNetwork = network;
    network.on("click", function (event) {
      if (!event.nodes.length) return;
      var node = nodes.get(event.nodes[0]);
      if (node && node.href) window.location.href = node.href;
    });
    network.once("afterDrawing", function () {
      network.fit({ animation: false });
      document.documentElement.dataset.diagramReady = "1";
      var waiting = loading;
      loading = [];
      waiting.forEach(function (done) { done(); });
    });
  }

  // Interactive view (canvas and its controls) or the drawing.
  function show(interactive) {
    figure.hidden = interactive;
    container.hidden = !interactive;
    controls.hidden = !interactive;
    open.hidden = interactive;
    open.disabled = false;
  }

  function whenReady(then) {
    if (network) { show(true); network.redraw(); then(); } else { load(then); }
  }

  open.addEventListener("click", function () {
    whenReady(function () {
      say("Vue interactive ouverte : cliquez sur un opérateur pour ouvrir sa fiche ; les boutons ci-dessus zooment et recentrent.");
      var first = controls.querySelector("button");
      if (first) first.focus();
    });
  });
  open.classList.add("is-ready");

  function label(id) { var n = nodes.get(id); return n ? n.label : id; }

  function centre(id) {
    if (!nodes.get(id)) return;
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: false });
    say(label(id) + " est sélectionné et centré dans le diagramme. Sa fiche : le lien dans la liste équivalente.");
  }

  controls.addEventListener("click", function (event) {
    if (event.target.closest("[data-diagram-close]")) {
      show(false);
      say("Retour au dessin.");
      open.focus();
      return;
    }
    var button = event.target.closest("[data-zoom]");
    if (!button || !network) return;
    var kind = button.getAttribute("data-zoom");
    if (kind === "fit") { network.fit({ animation: false }); say("Diagramme recentré."); return; }
    var scale = network.getScale() * (kind === "in" ? 1.25 : 0.8);
    network.moveTo({ scale: scale, animation: false });
    say("Zoom : " + Math.round(scale * 100) + " %.");
  });

  var center = document.querySelector("[data-center]");
  if (center) center.addEventListener("change", function () { if (center.value && network) centre(center.value); });

  // "Montrer dans le diagramme" beside each operator of the list: opens the interactive view if needed.
  Array.prototype.forEach.call(document.querySelectorAll("[data-show-node]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      whenReady(function () {
        centre(button.getAttribute("data-show-node"));
        container.scrollIntoView({ block: "center" });
      });
    });
  });

  var selects = Array.prototype.slice.call(document.querySelectorAll("[data-highlight]"));
  function highlight() {
    if (!network) return;
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
