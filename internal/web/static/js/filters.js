// Search filters come before the results and start folded (<details>), so
// that on a phone the results are one tap away. A screen wide enough to show
// them beside the results opens them. Without scripts they stay folded and
// open with a click.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 48rem)");
  function fit() {
    document.querySelectorAll("details[data-open-wide]").forEach(function (d) {
      d.open = wide.matches;
    });
  }
  fit();
  if (wide.addEventListener) wide.addEventListener("change", fit);
})();
