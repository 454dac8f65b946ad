// Passkeys on the hosted pages: the one script Palisade serves. It reveals
// the passkey forms (hidden without JavaScript or WebAuthn), asks the server
// for a ceremony's options, hands them to navigator.credentials, and posts
// the answer in the form, so the server's reply is an ordinary page. What it
// says comes from the form, in the page's language: `data-msg-failed` and
// `data-msg-cancelled`.
"use strict";

(function () {
  if (!window.PublicKeyCredential || !navigator.credentials) {
    return;
  }

  function toBytes(text) {
    var b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) {
      b64 += "=";
    }
    var raw = atob(b64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) {
      bytes[i] = raw.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function toText(buffer) {
    var bytes = new Uint8Array(buffer);
    var raw = "";
    for (var i = 0; i < bytes.length; i++) {
      raw += String.fromCharCode(bytes[i]);
    }
    return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function descriptors(list) {
    return (list || []).map(function (d) {
      return { type: d.type, id: toBytes(d.id), transports: d.transports };
    });
  }

  // The server's JSON options (binary as base64url) as the browser wants them.
  function creationOptions(o) {
    var options = Object.assign({}, o);
    delete options.ceremony_id;
    options.challenge = toBytes(o.challenge);
    options.user = Object.assign({}, o.user, { id: toBytes(o.user.id) });
    options.excludeCredentials = descriptors(o.excludeCredentials);
    return options;
  }

  function requestOptions(o) {
    var options = Object.assign({}, o);
    delete options.ceremony_id;
    options.challenge = toBytes(o.challenge);
    options.allowCredentials = descriptors(o.allowCredentials);
    return options;
  }

  // The credential as PublicKeyCredential.toJSON() gives it.
  function credentialJson(c) {
    var r = c.response;
    var response = { clientDataJSON: toText(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toText(r.attestationObject);
      response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      response.authenticatorData = toText(r.authenticatorData);
      response.signature = toText(r.signature);
      response.userHandle = r.userHandle ? toText(r.userHandle) : null;
    }
    return {
      id: c.id,
      rawId: toText(c.rawId),
      type: c.type,
      response: response,
      clientExtensionResults: c.getClientExtensionResults ? c.getClientExtensionResults() : {},
    };
  }

  function field(form, name) {
    var input = form.querySelector("[name='" + name + "']");
    return input ? input.value : "";
  }

  // One of the form's `data-msg-*` sentences.
  function message(form, name) {
    return form.getAttribute("data-msg-" + name) || "";
  }

  function say(form, text) {
    var place = form.querySelector("[data-passkey-error]");
    if (place) {
      place.textContent = text;
      place.hidden = !text;
    }
  }

  // Where each kind of form gets its options: the JSON API, or for adding a
  // passkey on /account, the page itself (it knows the signed-in browser).
  function start(form) {
    var kind = form.getAttribute("data-passkey");
    var json = { "Content-Type": "application/json" };
    // A tenant served under /t/{slug} has its API there too.
    var base = form.getAttribute("data-base") || "";
    if (kind === "sign-in") {
      var email = document.querySelector("#email");
      var body = email && email.value.trim() ? { email: email.value.trim() } : {};
      return fetch(base + "/v1/auth/passkey/start", { method: "POST", headers: json, body: JSON.stringify(body) });
    }
    if (kind === "second-factor") {
      return fetch(base + "/v1/auth/mfa/passkey/start", {
        method: "POST",
        headers: json,
        body: JSON.stringify({ mfa_token: field(form, "mfa_token") }),
      });
    }
    return fetch(form.getAttribute("data-options"), {
      method: "POST",
      credentials: "same-origin",
      body: new URLSearchParams(new FormData(form)),
    });
  }

  function run(form) {
    var creating = form.getAttribute("data-passkey") === "register";
    say(form, "");
    start(form)
      .then(function (answer) {
        var failed = new Error(message(form, "failed"));
        return answer.json().then(
          function (body) {
            if (!answer.ok) {
              throw body.detail ? new Error(body.detail) : failed;
            }
            return body;
          },
          function () {
            throw failed;
          }
        );
      })
      .then(function (options) {
        form.querySelector("[name='ceremony_id']").value = options.ceremony_id;
        return creating
          ? navigator.credentials.create({ publicKey: creationOptions(options) })
          : navigator.credentials.get({ publicKey: requestOptions(options) });
      })
      .then(function (credential) {
        form.querySelector("[name='credential']").value = JSON.stringify(credentialJson(credential));
        form.submit();
      })
      .catch(function (error) {
        var cancelled = error && error.name === "NotAllowedError";
        say(form, cancelled ? message(form, "cancelled") : error.message);
      });
  }

  document.querySelectorAll("form[data-passkey]").forEach(function (form) {
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run(form);
    });
  });
})();
