// The OpenAPI page (/docs): Swagger UI, served by this server (no CDN), started from this file since
// the Content-Security-Policy allows no inline script. The schema's URL is the page's data-schema.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof SwaggerUIBundle !== "function") { return; }
  SwaggerUIBundle({
    url: root.getAttribute("data-schema"),
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    validatorUrl: null,  // no badge fetched from swagger.io
    presets: [SwaggerUIBundle.presets.apis]
  });
})();
