// Élève 360 — progress monitoring chart (support app). Reads the data of a
// <script type="application/json"> written by json_script (no inline script: CSP), draws the points,
// the goal line and the trend with Chart.js. The same data is in the table below the chart.
(function () {
  "use strict";

  function dayLabel(startIso, offset) {
    var parts = startIso.split("-");
    var day = new Date(Date.UTC(+parts[0], +parts[1] - 1, +parts[2] + Math.round(offset)));
    return day.toISOString().slice(0, 10);
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-progress-chart"));
    if (!source || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var datasets = [
      {
        label: data.labels.points, data: data.points, showLine: true, borderColor: "#0b5394",
        backgroundColor: "#0b5394", pointRadius: 4, borderWidth: 2
      },
      {
        label: data.labels.goal, data: data.goal, showLine: true, borderColor: "#6b4e00",
        backgroundColor: "#6b4e00", borderDash: [8, 4], pointRadius: 0, borderWidth: 2
      }
    ];
    if (data.trend.length) {
      datasets.push({
        label: data.labels.trend, data: data.trend, showLine: true, borderColor: "#8a1c1c",
        backgroundColor: "#8a1c1c", borderDash: [2, 3], pointRadius: 0, borderWidth: 2
      });
    }
    var chart = new window.Chart(canvas, {
      type: "scatter",
      data: { datasets: datasets },
      options: {
        animation: false,
        aspectRatio: 2.4,
        scales: {
          x: {
            type: "linear",
            title: { display: true, text: data.labels.x },
            ticks: { callback: function (value) { return dayLabel(data.start, value); }, stepSize: 7 }
          },
          y: { title: { display: true, text: data.labels.y } }
        },
        plugins: {
          tooltip: {
            callbacks: {
              title: function (items) { return items.length ? dayLabel(data.start, items[0].parsed.x) : ""; }
            }
          }
        }
      }
    });
    canvas.setAttribute("data-drawn", String(chart.data.datasets.length));
  }

  function init() {
    var canvases = document.querySelectorAll("canvas[data-progress-chart]");
    for (var i = 0; i < canvases.length; i++) { draw(canvases[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
