/* The alert region of every page (#htmx-error, base.html) for htmx requests. The app's error
   answers are swapped into it (app/web.py); this script empties it when a new request starts,
   so an old error does not stay beside new results, and fills it when the site could not be
   reached at all: htmx reports that only to the console, and the user would see nothing. */
(function () {
  "use strict";

  function region() {
    return document.getElementById("htmx-error");
  }

  document.addEventListener("htmx:beforeRequest", function () {
    var alert = region();
    if (alert) {
      alert.replaceChildren();
    }
  });

  document.addEventListener("htmx:sendError", function () {
    var alert = region();
    if (!alert) {
      return;
    }
    var message = document.createElement("p");
    message.className = "flash flash--error";
    message.textContent = alert.getAttribute("data-send-error");
    alert.replaceChildren(message);
    message.scrollIntoView({ block: "nearest" });
  });
})();
