// The company network: companies as nodes, alliances as edges coloured by stage,
// dashed when denied. Data comes from the page's JSON twin (same filters).
"use strict";
(function () {
  var el = document.getElementById("graph");
  if (!el || typeof cytoscape === "undefined") { return; }
  var colours = { talks: "#8a5a00", agreed: "#1d5bb5", completed: "#17703d", ended: "#555b68" };
  fetch(el.getAttribute("data-src"), { headers: { "Accept": "application/json" } })
    .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
    .then(function (data) {
      var elements = data.nodes.map(function (n) {
        return { group: "nodes", data: { id: n.id, label: n.id, url: n.url, weight: n.alliances } };
      }).concat(data.edges.map(function (e, i) {
        return { group: "edges", data: { id: "e" + i, source: e.source, target: e.target, url: e.url,
          colour: colours[e.stage] || "#5c6577", dashed: e.claim === "denied" ? "dashed" : "solid",
          label: e.stage + (e.claim === "denied" ? ", denied" : "") } };
      }));
      var cy = cytoscape({
        container: el, elements: elements, wheelSensitivity: 0.3,
        layout: { name: elements.length > 600 ? "grid" : "cose", animate: false, randomize: false },
        style: [
          { selector: "node", style: { "label": "data(label)", "font-size": 11, "background-color": "#1d2330",
            "width": "mapData(weight, 1, 20, 12, 40)", "height": "mapData(weight, 1, 20, 12, 40)",
            "text-valign": "bottom", "text-margin-y": 4 } },
          { selector: "edge", style: { "line-color": "data(colour)", "line-style": "data(dashed)", "width": 3,
            "curve-style": "bezier" } },
          { selector: "edge:selected, node:selected", style: { "overlay-opacity": 0.15 } }
        ]
      });
      cy.on("tap", "node, edge", function (evt) { window.location.assign(evt.target.data("url")); });
      window.tieupGraph = cy;
      el.setAttribute("data-ready", "true");
      el.setAttribute("data-nodes", String(data.nodes.length));
      el.setAttribute("data-edges", String(data.edges.length));
    })
    .catch(function (err) { el.textContent = "The network could not be drawn: " + err.message; });
})();
