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
 *
 * On another site's page this frame is third-party; a browser that blocks third-party
 * storage (as with third-party cookies blocked) gives it no sessionStorage, so the
 * conversation cannot outlive the host's page. The chat then says so at the start and
 * offers itself in a tab of its own, where its storage is first-party.
 */
(function () {
  "use strict";

  var CLOSE_TEXT = "Close";
  var CLOSE_LABEL = "Close the chat";
  var NO_STORAGE_TEXT =
    "This browser won't let the chat keep your answers if you go to another page of this website. " +
    "Stay on this page until you've finished, or ";
  var NO_STORAGE_LINK = "open the chat in a new tab";

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

  function storageWorks() {
    try {
      window.sessionStorage.setItem("hsbReferralChat.probe", "1");
      window.sessionStorage.removeItem("hsbReferralChat.probe");
      return true;
    } catch (e) {
      return false;
    }
  }

  if (!storageWorks()) {
    var notice = document.createElement("p");
    notice.className = "privacy storage-notice";
    notice.appendChild(document.createTextNode(NO_STORAGE_TEXT));
    var link = document.createElement("a");
    link.href = "/";
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = NO_STORAGE_LINK;
    notice.appendChild(link);
    notice.appendChild(document.createTextNode("."));
    document.getElementById("privacy").after(notice);
  }

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
