// Élève 360 — charts of the portraits (insights app). Each <canvas data-portrait-chart="ID"> reads the
// chart spec of the <script type="application/json" id="ID"> written by json_script (no inline script:
// a strict CSP holds) and draws it with the vendored Chart.js. Every chart's data is also in the table
// that follows it.
(function () {
  "use strict";

  var COLOURS = ["#0b5394", "#6b4e00", "#8a1c1c", "#1e6b3a", "#5b2a86", "#4d4d4d"];

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-portrait-chart"));
    if (!source || typeof window.Chart === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    var datasets = spec.datasets.map(function (set, i) {
      var colour = COLOURS[i % COLOURS.length];
      return {
        label: set.label, data: set.data, borderColor: colour, backgroundColor: colour,
        borderWidth: 2, pointRadius: spec.type === "line" ? 2 : 0, fill: false
      };
    });
    var stacked = !!spec.stacked;
    var chart = new window.Chart(canvas, {
      type: spec.type || "bar",
      data: { labels: spec.labels, datasets: datasets },
      options: {
        animation: false,
        aspectRatio: 2.6,
        indexAxis: spec.indexAxis || "x",
        scales: {
          x: { stacked: stacked },
          y: { stacked: stacked, beginAtZero: true, title: { display: !!spec.y, text: spec.y || "" } }
        }
      }
    });
    canvas.setAttribute("data-drawn", String(chart.data.datasets.length));
  }

  function init() {
    var canvases = document.querySelectorAll("canvas[data-portrait-chart]");
    for (var i = 0; i < canvases.length; i++) { draw(canvases[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
