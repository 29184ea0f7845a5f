// Draws the report's charts from the JSON the page carries (no inline script: the CSP is script-src 'self').
// In Arabic the charts read right to left: legend, tooltips and the order of the horizontal axis.
(function () {
  "use strict";

  function read(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  var COLOURS = ["#0b6e4f", "#2c7da0", "#c77d02", "#a4161a", "#6a4c93"];

  function draw() {
    var charts = read("report-charts") || [];
    var options = read("report-chart-options") || {};
    var rtl = Boolean(options.rtl);
    if (typeof Chart === "undefined") return;
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    charts.forEach(function (spec) {
      var canvas = document.getElementById("chart-" + spec.id);
      if (!canvas) return;
      var line = spec.type === "line";
      var chart = new Chart(canvas, {
        type: spec.type,
        data: {
          labels: spec.labels,
          datasets: spec.series.map(function (series, index) {
            var colour = COLOURS[index % COLOURS.length];
            return { label: series.label, data: series.data, backgroundColor: colour, borderColor: colour,
                     spanGaps: true, tension: 0.2 };
          }),
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          locale: options.language === "ar" ? "ar-SA-u-nu-arab" : "en",
          animation: false,
          plugins: {
            legend: { rtl: rtl, textDirection: rtl ? "rtl" : "ltr", position: "top",
                      align: rtl ? "end" : "start" },
            tooltip: { rtl: rtl, textDirection: rtl ? "rtl" : "ltr" },
            title: { display: false },
          },
          scales: {
            x: { reverse: rtl, ticks: { autoSkip: false } },
            y: { position: rtl ? "right" : "left", beginAtZero: true, max: line ? 5 : undefined,
                 ticks: { precision: line ? 1 : 0 } },
          },
        },
      });
      canvas.dataset.drawn = "true";
      canvas.reportChart = chart;
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
