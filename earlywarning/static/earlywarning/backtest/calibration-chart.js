// Élève 360 — calibration chart of the backtest report (earlywarning app). Reads the data of a
// <script type="application/json"> written by json_script (no inline script: CSP) and draws, with
// Chart.js, the observed rate per tenth of the coefficient and the overall rate. The same data is in
// the table below the chart.
(function () {
  "use strict";

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-calibration-chart"));
    if (!source || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var datasets = [{
      type: "bar", label: data.text.observed, data: data.observed,
      backgroundColor: "#0b5394", borderColor: "#0b5394"
    }];
    if (data.base_rate !== null) {
      datasets.push({
        type: "line", label: data.text.base, data: data.labels.map(function () { return data.base_rate; }),
        borderColor: "#8a1c1c", backgroundColor: "#8a1c1c", borderDash: [6, 4], pointRadius: 0, borderWidth: 2
      });
    }
    var chart = new window.Chart(canvas, {
      data: { labels: data.labels, datasets: datasets },
      options: {
        animation: false,
        aspectRatio: 2.4,
        scales: {
          x: { title: { display: true, text: data.text.x } },
          y: { min: 0, max: 100, title: { display: true, text: data.text.y } }
        }
      }
    });
    canvas.setAttribute("data-drawn", String(chart.data.datasets.length));
  }

  function init() {
    var canvases = document.querySelectorAll("canvas[data-calibration-chart]");
    for (var i = 0; i < canvases.length; i++) { draw(canvases[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
