// Élève 360: send Django's CSRF token with every htmx request (the cookie is HttpOnly, so read it from the page).
document.addEventListener("htmx:configRequest", function (event) {
  var input = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (input) { event.detail.headers["X-CSRFToken"] = input.value; }
});
