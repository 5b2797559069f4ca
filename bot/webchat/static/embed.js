/*
 * The chat page in the widget's frame (widget.js opens "/?embed=1"): a Close button in
 * the header, Escape to close, and focus taken only when the host page asks for it.
 *
 * Messages with the host page carry only a type, nothing the person typed:
 *   to the host   {type: "hsb-chat:ready"} once loaded, {type: "hsb-chat:close"}
 *   from the host {type: "hsb-chat:focus"} when the panel opens
 * They go to any parent ("*"): the chat server's frame-ancestors already decides which
 * sites may frame this page, and which origin that is, the page cannot tell for sure.
 *
 * Sets the class "is-embedded" on <html> before chat.js runs (both are deferred, in
 * order), so chat.js leaves focus where it is on load.
 */
(function () {
  "use strict";

  var CLOSE_TEXT = "Close";
  var CLOSE_LABEL = "Close the chat";

  if (window.parent === window) return;
  if (new URLSearchParams(window.location.search).get("embed") !== "1") return;
  document.documentElement.classList.add("is-embedded");

  function tellHost(type) {
    window.parent.postMessage({ type: type }, "*");
  }

  function focusMessageBox() {
    var input = document.getElementById("message");
    if (input) input.focus({ preventScroll: true });
  }

  var close = document.createElement("button");
  close.type = "button";
  close.className = "link-button embed-close";
  close.textContent = CLOSE_TEXT;
  close.setAttribute("aria-label", CLOSE_LABEL);
  close.addEventListener("click", function () {
    tellHost("hsb-chat:close");
  });
  var actions = document.createElement("div");
  actions.className = "app-header__actions";
  var restart = document.getElementById("restart");
  if (restart) {
    restart.replaceWith(actions);
    actions.appendChild(restart);
  } else {
    document.querySelector(".app-header").appendChild(actions);
  }
  actions.appendChild(close);

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !event.defaultPrevented) {
      event.preventDefault();
      tellHost("hsb-chat:close");
    }
  });

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent) return;
    if (event.data && event.data.type === "hsb-chat:focus") focusMessageBox();
  });

  tellHost("hsb-chat:ready");
})();
