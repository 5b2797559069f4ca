/*
 * Embeddable widget: a launcher button on any page that opens the referral chat in a frame.
 *
 *   <script src="https://chat.example.org/widget.js" async
 *           data-title="Refer to the Harmful Sexual Behaviour Service"
 *           data-label="Make a referral" data-colour="#1d4f6e" data-position="right"></script>
 *
 * data-chat-url: where the chat page is (default: the server this script came from). The
 * chat page finds its Rasa server itself (/webchat/config.json), so the host page never
 * names it, and the chat server lets only the sites in WIDGET_HOST_ORIGINS frame it.
 *
 * The frame is the chat page in embed mode (embed.js): the conversation is kept in the
 * chat origin's sessionStorage, so it survives the host page navigating in the same tab;
 * whether the panel is open is kept in the host's sessionStorage. No cookies.
 *
 * Everything is in a shadow root, so the host's styles and ours never meet; the styles
 * are a constructed stylesheet, which a host's Content-Security-Policy does not block.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || document.getElementById("hsb-chat-widget")) return; // once per page

  var STORAGE_OPEN = "hsbChatWidget.open";
  var PANEL_ID = "hsb-chat-panel";
  var DEFAULT_TITLE = "Refer to the Harmful Sexual Behaviour Service";
  var DEFAULT_LABEL = "Make a referral";
  var DEFAULT_COLOUR = "#1d4f6e";
  // The chat says it is ready as it loads; a frame loaded without saying so holds
  // something else: the browser's page for a site not allowed to show it, or for a server
  // out of reach. After this grace (the chat's own message may arrive just after the
  // frame's load event), the panel says so and offers the chat in a tab of its own.
  var READY_GRACE_MS = 3000;
  var FALLBACK_TEXT = "The referral chat can't open on this page.";
  var FALLBACK_LINK = "Open the referral chat in a new tab";
  var SAFETY_TEXT = "If a child is in immediate danger, call 999.";

  var data = script.dataset;
  var chatUrl = new URL(data.chatUrl || "/", script.src);
  chatUrl.search = "?embed=1";
  chatUrl.hash = "";
  var chatOrigin = chatUrl.origin;
  var title = (data.title || DEFAULT_TITLE).trim().slice(0, 120) || DEFAULT_TITLE;
  var label = (data.label || DEFAULT_LABEL).trim().slice(0, 60) || DEFAULT_LABEL;
  var colourText = data.colour || data.color || "";
  var colour = /^#[0-9a-f]{6}$/i.test(colourText) ? colourText : DEFAULT_COLOUR;
  var side = data.position === "left" ? "left" : "right";

  /** White or near-black text, whichever contrasts more with the launcher's colour. */
  function inkFor(hex) {
    var channels = [1, 3, 5].map(function (i) {
      var c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    var l = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
    return 1.05 / (l + 0.05) >= (l + 0.05) / 0.0537 ? "#ffffff" : "#0b0c0c";
  }

  var CSS =
    ":host { all: initial; }" +
    ".launcher { position: fixed; bottom: 1.25rem; " + side + ": 1.25rem; z-index: 2147483000;" +
    " display: inline-flex; align-items: center; gap: 0.5rem; min-height: 3rem; padding: 0.75rem 1.25rem;" +
    " border: 2px solid " + inkFor(colour) + "; border-radius: 999px; background: " + colour + ";" +
    " color: " + inkFor(colour) + "; font: 700 1rem/1.25 system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif;" +
    " box-shadow: 0 4px 16px rgba(11, 12, 12, 0.3); cursor: pointer; }" +
    ".launcher:hover { text-decoration: underline; }" +
    ".launcher:focus-visible { outline: 3px solid #ffdd00; outline-offset: 0; box-shadow: 0 0 0 6px #0b0c0c; }" +
    ".launcher svg { flex: none; }" +
    ".panel { position: fixed; bottom: 5.5rem; " + side + ": 1.25rem; z-index: 2147483001;" +
    " width: min(26rem, calc(100vw - 2.5rem)); height: min(42rem, calc(100vh - 7rem));" +
    " border-radius: 12px; overflow: hidden; background: #ffffff;" +
    " box-shadow: 0 0 0 1px rgba(11, 12, 12, 0.2), 0 12px 40px rgba(11, 12, 12, 0.35); }" +
    ".panel[hidden] { display: none; }" +
    ".panel:focus-within { box-shadow: 0 0 0 3px #ffdd00, 0 0 0 6px #0b0c0c; }" +
    ".fallback { padding: 1.25rem; color: #0b0c0c;" +
    " font: 400 1rem/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; }" +
    ".fallback p { margin: 0 0 1rem; }" +
    ".fallback a { color: #1d4f6e; font-weight: 700; }" +
    ".fallback a:focus-visible { outline: 3px solid #ffdd00; background: #ffdd00; color: #0b0c0c; }" +
    "iframe { display: block; width: 100%; height: 100%; border: 0; }" +
    "iframe[hidden] { display: none; }" +
    // A phone: the chat takes the whole screen; its own Close button (and Escape) closes it.
    "@media (max-width: 480px) {" +
    " .panel { inset: 0; width: 100%; height: 100%; border-radius: 0; }" +
    " .panel:focus-within { box-shadow: none; }" +
    " .launcher[aria-expanded='true'] { display: none; } }" +
    "@media (forced-colors: active) { .launcher { border-color: ButtonText; } }";

  var ICON =
    '<svg aria-hidden="true" focusable="false" viewBox="0 0 20 20" width="20" height="20">' +
    '<path d="M3 4.5A1.5 1.5 0 0 1 4.5 3h11A1.5 1.5 0 0 1 17 4.5v8a1.5 1.5 0 0 1-1.5 1.5H8l-4 3v-3h.5A1.5' +
    ' 1.5 0 0 1 3 12.5z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/></svg>';

  var host, launcher, panel, frame;
  var frameReady = false;
  var focusWhenReady = false;
  var fallback = null;

  function storedOpen() {
    try {
      return window.sessionStorage.getItem(STORAGE_OPEN) === "true";
    } catch (e) {
      return false;
    }
  }

  function storeOpen(value) {
    try {
      window.sessionStorage.setItem(STORAGE_OPEN, value ? "true" : "false");
    } catch (e) {
      /* storage disabled: the panel simply starts closed on the next page */
    }
  }

  function post(type) {
    if (frame && frame.contentWindow) frame.contentWindow.postMessage({ type: type }, chatOrigin);
  }

  function ensureFrame() {
    if (frame) return;
    frame = document.createElement("iframe");
    frame.title = title;
    // Its own origin (for its sessionStorage and its calls to Rasa), forms and the
    // "Start again" confirm; no popups, no navigating this page.
    frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-forms allow-modals");
    frame.setAttribute("referrerpolicy", "no-referrer");
    frame.addEventListener("load", function () {
      if (!frameReady) window.setTimeout(showFallbackUnlessReady, READY_GRACE_MS);
    });
    frame.src = chatUrl.href;
    panel.appendChild(frame);
  }

  function showFallbackUnlessReady() {
    if (frameReady || fallback) return;
    frame.hidden = true;
    fallback = document.createElement("div");
    fallback.className = "fallback";
    fallback.setAttribute("role", "alert");
    var text = document.createElement("p");
    text.textContent = FALLBACK_TEXT + " " + SAFETY_TEXT;
    var link = document.createElement("a");
    var page = new URL(chatUrl.href);
    page.search = "";
    link.href = page.href;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    link.textContent = FALLBACK_LINK;
    fallback.appendChild(text);
    fallback.appendChild(link);
    panel.appendChild(fallback);
    if (focusWhenReady && !panel.hidden) {
      focusWhenReady = false;
      link.focus();
    }
  }

  function focusFrame() {
    if (!frameReady) {
      focusWhenReady = true;
      return;
    }
    frame.focus();
    post("hsb-chat:focus");
  }

  function open(moveFocus) {
    ensureFrame();
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    storeOpen(true);
    if (moveFocus) focusFrame();
  }

  function close() {
    focusWhenReady = false;
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    storeOpen(false);
    launcher.focus();
  }

  function onMessage(event) {
    if (!frame || event.source !== frame.contentWindow || event.origin !== chatOrigin) return;
    var type = event.data && event.data.type;
    if (type === "hsb-chat:ready") {
      frameReady = true;
      if (fallback) {
        fallback.remove();
        fallback = null;
        frame.hidden = false;
      }
      if (focusWhenReady && !panel.hidden) {
        focusWhenReady = false;
        focusFrame();
      }
    } else if (type === "hsb-chat:close" && !panel.hidden) {
      close();
    }
  }

  function build() {
    host = document.createElement("div");
    host.id = "hsb-chat-widget";
    var root = host.attachShadow({ mode: "open" });
    if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } else {
      var style = document.createElement("style");
      style.textContent = CSS;
      root.appendChild(style);
    }

    launcher = document.createElement("button");
    launcher.type = "button";
    launcher.className = "launcher";
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-controls", PANEL_ID);
    launcher.innerHTML = ICON; // a constant; the label goes in as text
    var text = document.createElement("span");
    text.textContent = label;
    launcher.appendChild(text);
    launcher.addEventListener("click", function () {
      if (panel.hidden) open(true);
      else close();
    });

    panel = document.createElement("div");
    panel.className = "panel";
    panel.id = PANEL_ID;
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", title);
    panel.hidden = true;

    // Escape while the launcher or the panel has focus; inside the frame, embed.js asks.
    root.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) {
        event.preventDefault();
        close();
      }
    });

    root.appendChild(launcher);
    root.appendChild(panel);
    document.body.appendChild(host);
    window.addEventListener("message", onMessage);

    if (storedOpen()) open(false); // as it was on the last page, without taking focus
  }

  if (document.body) build();
  else document.addEventListener("DOMContentLoaded", build);
})();
