/*
 * Web chat for the Harmful Sexual Behaviour Service referral assistant.
 *
 * HTTP contract:
 *   GET  /webchat/config.json                 (same origin) -> {"rasaUrl": "http://localhost:5005"}
 *   POST {rasaUrl}/webhooks/webchat/webhook   (cross origin, JSON)
 *        {"sender": "<uuid4>", "message": "<text or button payload>", "metadata": {}}
 *        -> [{"recipient_id": "...", "text": "...", "buttons": [{"title": "...", "payload": "..."}]}, ...]
 *
 * Everything the bot (or the user) says is untrusted: it is only ever put in
 * the page with textContent, never as HTML.
 *
 * The conversation (sender id + transcript) lives in sessionStorage, so it
 * survives a reload in the same tab and a new tab starts a new conversation.
 */
(function () {
  "use strict";

  var CONFIG_URL = "/webchat/config.json";
  var WEBHOOK_PATH = "/webhooks/webchat/webhook";
  var OPENING_PAYLOAD = "/greet";
  var MAX_LENGTH = 6000;
  var COUNT_FROM = 1800; // show "N characters left" from this length on
  var REQUEST_TIMEOUT_MS = 60000;
  var MAX_TRANSCRIPT_ENTRIES = 500;
  var STORAGE_SENDER = "hsbReferralChat.sender";
  var STORAGE_TRANSCRIPT = "hsbReferralChat.transcript";
  var STORAGE_PROGRESS = "hsbReferralChat.progress";

  // Whatever fails, the person still learns what to do if a child is in danger.
  var SAFETY =
    " If a child is in immediate danger, call 999 now, then contact the Access and Response Team straight away.";
  var TEXT = {
    unreachable:
      "I can't reach the assistant just now. Your message has not been sent \u2014 please try again." + SAFETY,
    timeout:
      "The assistant is taking too long to reply. Your message may not have been received \u2014 please try again." +
      SAFETY,
    server:
      "Something went wrong on our side and your message wasn't taken. Nothing you said before it is lost \u2014 please try again in a minute." +
      SAFETY,
    rejected: "Your message could not be sent.",
    retry: "Try again",
    busy: "Please wait for the assistant to reply before sending another message.",
    confirmRestart:
      "Start a new conversation?\n\nEverything in this conversation will be cleared from this page.",
    you: "You said:",
    assistant: "The assistant said:",
    choices: "Choose an answer",
    charsLeft: function (n) {
      return n === 1 ? "1 character left" : n + " characters left";
    },
  };

  // ---------------------------------------------------------------------------
  // State

  var els = {};
  var rasaUrl = null;
  var senderId = null;
  var transcript = []; // [{role: "user"|"bot", text, payload?, buttons?}]
  var busy = false;
  var generation = 0; // bumped by "Start again" to ignore stale replies
  var inFlight = null; // AbortController of the request in flight
  var failed = null; // {payload, display, hidden, typedText} of the last failed send
  var errorEl = null;
  var choiceGroups = []; // [{index, el}] bot entries that have buttons

  // ---------------------------------------------------------------------------
  // Small helpers

  function ChatError(kind, detail) {
    this.kind = kind;
    this.detail = detail || null;
  }

  function newUuid() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    // randomUUID needs a secure context; getRandomValues does not.
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map
      .call(b, function (x) {
        return (x + 0x100).toString(16).slice(1);
      })
      .join("");
    return (
      h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20)
    );
  }

  var UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function storageGet(key) {
    try {
      return window.sessionStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  function storageSet(key, value) {
    try {
      window.sessionStorage.setItem(key, value);
    } catch (e) {
      /* storage full or disabled: the chat still works, without reload support */
    }
  }

  function storageClear() {
    try {
      window.sessionStorage.removeItem(STORAGE_SENDER);
      window.sessionStorage.removeItem(STORAGE_TRANSCRIPT);
      window.sessionStorage.removeItem(STORAGE_PROGRESS);
    } catch (e) {
      /* ignore */
    }
  }

  function saveTranscript() {
    if (transcript.length > MAX_TRANSCRIPT_ENTRIES) {
      transcript = transcript.slice(transcript.length - MAX_TRANSCRIPT_ENTRIES);
    }
    storageSet(STORAGE_TRANSCRIPT, JSON.stringify(transcript));
  }

  function loadTranscript() {
    var raw = storageGet(STORAGE_TRANSCRIPT);
    if (!raw) return [];
    try {
      var data = JSON.parse(raw);
      if (!Array.isArray(data)) return [];
      return data
        .map(function (e) {
          if (!e || typeof e !== "object") return null;
          if (e.role === "user" && typeof e.text === "string") {
            return { role: "user", text: e.text, payload: typeof e.payload === "string" ? e.payload : undefined };
          }
          if (e.role === "bot") return normaliseBotMessage(e);
          return null;
        })
        .filter(Boolean);
    } catch (e) {
      return [];
    }
  }

  /** Turns one message of the webhook's answer into a transcript entry, or null. */
  function normaliseBotMessage(m) {
    if (!m || typeof m !== "object") return null;
    var text = typeof m.text === "string" ? m.text : "";
    var buttons = Array.isArray(m.buttons)
      ? m.buttons
          .filter(function (b) {
            return b && typeof b.title === "string" && typeof b.payload === "string" && b.title.trim();
          })
          .map(function (b) {
            return { title: b.title, payload: b.payload };
          })
      : [];
    if (!text.trim() && !buttons.length) return null; // images, custom payloads: not shown
    var entry = { role: "bot", text: text };
    if (buttons.length) entry.buttons = buttons;
    return entry;
  }

  function scrollToEnd() {
    els.scroll.scrollTop = els.scroll.scrollHeight;
  }

  // ---------------------------------------------------------------------------
  // Rendering

  function renderUser(text, pending) {
    var row = el("div", "msg msg--user" + (pending ? " is-pending" : ""));
    row.appendChild(el("span", "visually-hidden", TEXT.you + " "));
    row.appendChild(el("p", "bubble", text));
    els.log.appendChild(row);
    scrollToEnd();
    return row;
  }

  function renderBot(entry, index) {
    var row = el("div", "msg msg--bot");
    row.appendChild(el("span", "visually-hidden", TEXT.assistant + " "));
    if (entry.text.trim()) row.appendChild(el("p", "bubble", entry.text));
    if (entry.buttons) {
      var group = el("div", "choices");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", TEXT.choices);
      entry.buttons.forEach(function (b) {
        var button = el("button", "choice", b.title);
        button.type = "button";
        button.dataset.payload = b.payload;
        button.addEventListener("click", function () {
          onChoice(button, b);
        });
        group.appendChild(button);
      });
      row.appendChild(group);
      choiceGroups.push({ index: index, el: group });
    }
    els.log.appendChild(row);
    scrollToEnd();
  }

  function lastUserIndex() {
    for (var i = transcript.length - 1; i >= 0; i--) {
      if (transcript[i].role === "user") return i;
    }
    return -1;
  }

  /** Buttons are usable only on the bot messages after the user's last message, and not while busy. */
  function refreshChoices() {
    var last = lastUserIndex();
    choiceGroups.forEach(function (g) {
      var active = !busy && g.index > last;
      Array.prototype.forEach.call(g.el.querySelectorAll("button"), function (b) {
        b.disabled = !active;
      });
    });
  }

  /** Marks, for each user message that came from a button, the button that was used. */
  function markChosen(userIndex) {
    var entry = transcript[userIndex];
    if (!entry || entry.payload === undefined) return;
    for (var g = choiceGroups.length - 1; g >= 0; g--) {
      if (choiceGroups[g].index >= userIndex) continue;
      var buttons = choiceGroups[g].el.querySelectorAll("button");
      for (var i = 0; i < buttons.length; i++) {
        if (buttons[i].dataset.payload === entry.payload && buttons[i].textContent === entry.text) {
          buttons[i].classList.add("is-chosen");
          return;
        }
      }
      return;
    }
  }

  function renderTranscript() {
    els.log.replaceChildren();
    choiceGroups = [];
    transcript.forEach(function (entry, i) {
      if (entry.role === "user") {
        renderUser(entry.text, false);
        markChosen(i);
      } else {
        renderBot(entry, i);
      }
    });
    refreshChoices();
  }

  function showError(err, message) {
    clearError();
    failed = message;
    var text = TEXT[err.kind] || TEXT.unreachable;
    if (err.kind === "rejected" && err.detail) text = TEXT.rejected + " " + err.detail;
    var row = el("div", "msg msg--error");
    var box = el("div", "error-box");
    box.appendChild(el("p", "error-box__text", text));
    var retry = el("button", "retry-button", TEXT.retry);
    retry.type = "button";
    retry.addEventListener("click", onRetry);
    box.appendChild(retry);
    row.appendChild(box);
    els.log.appendChild(row);
    errorEl = row;
    scrollToEnd();
  }

  function clearError() {
    if (errorEl) errorEl.remove();
    errorEl = null;
    failed = null;
  }

  function setBusy(value) {
    busy = value;
    els.typing.hidden = !value;
    els.send.setAttribute("aria-disabled", value ? "true" : "false");
    els.composer.classList.toggle("is-busy", value);
    if (value) scrollToEnd();
    else updateCount();
    refreshChoices();
  }

  function updateCount() {
    var length = els.input.value.length;
    els.count.textContent = length >= COUNT_FROM ? TEXT.charsLeft(Math.max(0, MAX_LENGTH - length)) : "";
  }

  function autosize() {
    els.input.style.height = "auto";
    els.input.style.height = els.input.scrollHeight + 4 + "px"; // CSS max-height caps it
  }

  function setInput(value) {
    els.input.value = value.slice(0, MAX_LENGTH);
    autosize();
    updateCount();
  }

  function focusInput() {
    try {
      els.input.focus({ preventScroll: true });
    } catch (e) {
      els.input.focus();
    }
  }

  // ---------------------------------------------------------------------------
  // Network

  function loadConfig() {
    if (rasaUrl) return Promise.resolve(rasaUrl);
    return fetch(CONFIG_URL, { cache: "no-store", credentials: "same-origin" })
      .then(
        function (res) {
          if (!res.ok) throw new ChatError("unreachable");
          return res.json();
        },
        function () {
          throw new ChatError("unreachable");
        }
      )
      .then(function (config) {
        var url;
        try {
          url = new URL(config && config.rasaUrl, window.location.href);
        } catch (e) {
          throw new ChatError("unreachable");
        }
        if (url.protocol !== "http:" && url.protocol !== "https:") throw new ChatError("unreachable");
        rasaUrl = url.href.replace(/\/+$/, "");
        return rasaUrl;
      }, function (err) {
        throw err instanceof ChatError ? err : new ChatError("unreachable");
      });
  }

  function postToAssistant(base, message) {
    var controller = new AbortController();
    inFlight = controller;
    var timedOut = false;
    var timer = window.setTimeout(function () {
      timedOut = true;
      controller.abort();
    }, REQUEST_TIMEOUT_MS);

    return fetch(base + WEBHOOK_PATH, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ sender: senderId, message: message, metadata: {} }),
      credentials: "omit",
      cache: "no-store",
      signal: controller.signal,
    })
      .then(
        function (res) {
          if (res.ok) {
            return res.json().then(
              function (data) {
                if (!Array.isArray(data)) throw new ChatError("server");
                return data;
              },
              function () {
                throw new ChatError("server");
              }
            );
          }
          return res
            .json()
            .catch(function () {
              return null;
            })
            .then(function (body) {
              var detail = body && typeof body.error === "string" ? body.error.slice(0, 300) : null;
              throw new ChatError(res.status >= 500 ? "server" : "rejected", detail);
            });
        },
        function () {
          throw new ChatError(timedOut ? "timeout" : "unreachable");
        }
      )
      .finally(function () {
        window.clearTimeout(timer);
        if (inFlight === controller) inFlight = null;
      });
  }

  /**
   * Sends one message: {payload, display, hidden, typedText}.
   * payload goes to Rasa; display is shown as the user's bubble (unless hidden);
   * typedText is put back in the box if the message could not be sent.
   */
  function send(message) {
    if (busy) return;
    clearError();
    var gen = generation;
    var bubble = message.hidden ? null : renderUser(message.display, true);
    setBusy(true);

    loadConfig()
      .then(function (base) {
        return postToAssistant(base, message.payload);
      })
      .then(
        function (replies) {
          if (gen !== generation) return;
          if (bubble) {
            bubble.classList.remove("is-pending");
            var userEntry = { role: "user", text: message.display };
            if (message.fromButton) userEntry.payload = message.payload;
            transcript.push(userEntry);
          }
          replies.forEach(function (reply) {
            var progress = progressFrom(reply);
            if (progress) showProgress(progress, true);
            else if (endsProgress(reply)) hideProgress();
            var entry = normaliseBotMessage(reply);
            if (!entry) return;
            transcript.push(entry);
            renderBot(entry, transcript.length - 1);
          });
          saveTranscript();
          setBusy(false);
          focusInput();
        },
        function (err) {
          if (gen !== generation) return;
          if (bubble) bubble.remove();
          if (message.fromButton) {
            Array.prototype.forEach.call(els.log.querySelectorAll(".choice.is-chosen"), function (b) {
              if (b === message.button) b.classList.remove("is-chosen");
            });
          }
          if (message.typedText) {
            var current = els.input.value;
            setInput(current.trim() ? message.typedText + "\n" + current : message.typedText);
          }
          setBusy(false);
          showError(err instanceof ChatError ? err : new ChatError("unreachable"), message);
          focusInput();
        }
      );
  }

  // ---------------------------------------------------------------------------
  // Progress through the referral: sent by the bot as a custom payload before each
  // question (actions/progress.py). Shown all the time; read out only when the part
  // changes, so a screen reader is not told before every question.

  var shownPart = null;

  /** The progress a reply carries, checked, or null. */
  function progressFrom(reply) {
    var p = reply && reply.custom && reply.custom.progress;
    if (!p || typeof p !== "object" || typeof p.text !== "string") return null;
    var part = Number(p.part);
    var parts = Number(p.parts);
    if (!(part >= 1 && parts >= part && parts <= 20)) return null;
    return { part: part, parts: parts, text: p.text.slice(0, 200) };
  }

  function showProgress(p, announce) {
    els.progressText.textContent = p.text;
    els.progressBar.max = p.parts;
    els.progressBar.value = p.part;
    els.progress.hidden = false;
    if (announce && p.part !== shownPart) els.progressStatus.textContent = p.text;
    shownPart = p.part;
    storageSet(STORAGE_PROGRESS, JSON.stringify(p));
  }

  /** The referral is over (submitted, cancelled, carried on elsewhere): progress null. */
  function endsProgress(reply) {
    return Boolean(reply && reply.custom && reply.custom.progress === null);
  }

  function hideProgress() {
    els.progress.hidden = true;
    els.progressText.textContent = "";
    els.progressStatus.textContent = "";
    shownPart = null;
    storageSet(STORAGE_PROGRESS, "");
  }

  function restoreProgress() {
    var raw = storageGet(STORAGE_PROGRESS);
    var p = null;
    try {
      p = raw ? progressFrom({ custom: { progress: JSON.parse(raw) } }) : null;
    } catch (e) {
      p = null;
    }
    if (p) showProgress(p, false);
  }

  // ---------------------------------------------------------------------------
  // Resuming with a code: the small form sends "resume <code>" as a message, as if
  // typed (the assistant reads the code wherever it is written).

  function onResumeSubmit(event) {
    event.preventDefault();
    var code = els.resumeCode.value.trim();
    if (!code) {
      els.resumeCode.focus();
      return;
    }
    if (busy) return;
    els.resumeCode.value = "";
    els.resume.open = false;
    send({ payload: "resume " + code, display: "resume " + code });
    focusInput();
  }

  // ---------------------------------------------------------------------------
  // Events

  function onChoice(button, choice) {
    if (busy || button.disabled) return;
    button.classList.add("is-chosen");
    send({ payload: choice.payload, display: choice.title, fromButton: true, button: button });
  }

  function onSubmit(event) {
    event.preventDefault();
    var text = els.input.value.trim();
    if (!text) return;
    if (busy) {
      els.count.textContent = TEXT.busy;
      return;
    }
    setInput("");
    send({ payload: text, display: text, typedText: text });
  }

  function onKeydown(event) {
    if (event.key !== "Enter" || event.shiftKey || event.altKey || event.isComposing || event.keyCode === 229) {
      return;
    }
    event.preventDefault();
    if (typeof els.composer.requestSubmit === "function") els.composer.requestSubmit();
    else onSubmit(event);
  }

  function onRetry() {
    var message = failed;
    if (!message || busy) return;
    if (message.typedText) {
      // The failed text was put back in the box; it is being sent now, so take it out.
      var value = els.input.value;
      if (value === message.typedText) setInput("");
      else if (value.indexOf(message.typedText + "\n") === 0) setInput(value.slice(message.typedText.length + 1));
    }
    if (message.fromButton && message.button) message.button.classList.add("is-chosen");
    send(message);
  }

  function onRestart() {
    if (!window.confirm(TEXT.confirmRestart)) return;
    generation += 1;
    if (inFlight) inFlight.abort();
    storageClear();
    transcript = [];
    hideProgress();
    clearError();
    setBusy(false);
    setInput("");
    senderId = newUuid();
    storageSet(STORAGE_SENDER, senderId);
    saveTranscript();
    renderTranscript();
    send({ payload: OPENING_PAYLOAD, hidden: true });
    focusInput();
  }

  // ---------------------------------------------------------------------------
  // Start

  function start() {
    els.log = document.getElementById("log");
    els.scroll = document.getElementById("scroll");
    els.typing = document.getElementById("typing");
    els.composer = document.getElementById("composer");
    els.input = document.getElementById("message");
    els.send = document.getElementById("send");
    els.count = document.getElementById("message-count");
    els.restart = document.getElementById("restart");
    els.progress = document.getElementById("progress");
    els.progressText = document.getElementById("progress-text");
    els.progressBar = document.getElementById("progress-bar");
    els.progressStatus = document.getElementById("progress-status");
    els.resume = document.getElementById("resume");
    els.resumeCode = document.getElementById("resume-code");

    els.input.maxLength = MAX_LENGTH;
    els.composer.addEventListener("submit", onSubmit);
    els.input.addEventListener("keydown", onKeydown);
    els.input.addEventListener("input", function () {
      autosize();
      updateCount();
    });
    els.restart.addEventListener("click", onRestart);
    document.getElementById("resume-form").addEventListener("submit", onResumeSubmit);

    var stored = storageGet(STORAGE_SENDER);
    if (stored && UUID4.test(stored)) {
      senderId = stored;
      transcript = loadTranscript();
      restoreProgress();
    } else {
      senderId = newUuid();
      storageSet(STORAGE_SENDER, senderId);
      transcript = [];
    }
    saveTranscript();
    renderTranscript();

    if (!transcript.length) send({ payload: OPENING_PAYLOAD, hidden: true });
    // In the widget's frame (embed.js) the host page says when to take focus.
    if (!document.documentElement.classList.contains("is-embedded")) focusInput();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
