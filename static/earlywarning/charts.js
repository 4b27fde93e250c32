// Élève 360 — early-warning charts. Reads the data of a <script type="application/json"> written by
// json_script (no inline script: CSP) and draws it with Chart.js. The same data is in the table that
// follows each chart.
(function () {
  "use strict";

  function read(canvas, attribute) {
    var source = document.getElementById(canvas.getAttribute(attribute));
    if (!source || typeof window.Chart === "undefined") { return null; }
    return JSON.parse(source.textContent);
  }

  function weeks(canvas) {
    var data = read(canvas, "data-weeks-chart");
    if (!data) { return; }
    var coefficients = data.weeks.map(function (week) {
      return Object.prototype.hasOwnProperty.call(data.coefficients, week) ? data.coefficients[week] : null;
    });
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.weeks,
        datasets: [
          { label: data.labels.rate, data: data.rates, backgroundColor: "#0b5394" },
          { label: data.labels.coefficient, data: coefficients, type: "line", borderColor: "#8a1c1c",
            backgroundColor: "#8a1c1c", borderWidth: 2, spanGaps: true }
        ]
      },
      options: { animation: false, aspectRatio: 2.4, scales: { y: { min: 0, max: 100 } } }
    });
    canvas.setAttribute("data-drawn", "2");
  }

  function portrait(canvas) {
    var data = read(canvas, "data-portrait-chart");
    if (!data) { return; }
    var colours = ["#0b5394", "#6b4e00", "#8a1c1c", "#1e6b3a", "#5b2a86", "#444444"];
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.weeks,
        datasets: data.series.map(function (serie, i) {
          return { label: serie.label, data: serie.values, borderColor: colours[i % colours.length],
            backgroundColor: colours[i % colours.length], borderWidth: 2, spanGaps: true };
        })
      },
      options: { animation: false, aspectRatio: 2.6,
        scales: { y: { min: 0, title: { display: true, text: data.y } } } }
    });
    canvas.setAttribute("data-drawn", String(data.series.length));
  }

  function start() {
    document.querySelectorAll("canvas[data-weeks-chart]").forEach(weeks);
    document.querySelectorAll("canvas[data-portrait-chart]").forEach(portrait);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
