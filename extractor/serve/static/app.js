// The pages work without this file: it paints each speaker's colour (given in data-colour attributes,
// since the Content-Security-Policy allows no inline style) and filters the tables as one types.
(function () {
  "use strict";
  var COLOUR = /^#[0-9a-fA-F]{6}$/;
  document.querySelectorAll("[data-colour]").forEach(function (el) {
    var c = el.getAttribute("data-colour");
    if (COLOUR.test(c)) { el.style.setProperty("--c", c); }
  });
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/œ/g, "oe").replace(/æ/g, "ae")
      .replace(/[’‘]/g, "'").toLowerCase();
  }
  document.querySelectorAll("input.filter").forEach(function (input) {
    var section = input.closest("section");
    var table = section && section.querySelector("table.quotes");
    if (!table) { return; }
    input.addEventListener("input", function () {
      var v = fold(input.value.trim());
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        r.hidden = v !== "" && fold(r.textContent).indexOf(v) < 0;
      });
    });
  });
})();
