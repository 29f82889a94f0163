// Starts Swagger UI on this server's document. A file, not an inline script: the content security
// policy lets the page run this server's scripts only. Nothing leaves the server: no validator badge
// (validatorUrl: null, which would call swagger.io), no document or configuration from the page's
// query (queryConfigEnabled: false), and a key typed into "Authorize" stays in this tab's memory
// (persistAuthorization: false), never in localStorage.
window.addEventListener('load', function () {
  window.ui = window.SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#swagger-ui',
    validatorUrl: null,
    queryConfigEnabled: false,
    persistAuthorization: false,
    deepLinking: true,
    docExpansion: 'list',
    defaultModelsExpandDepth: 0,
    displayRequestDuration: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
