/*
 * Sending a batch's files and reading the server's answers: the POST of one card's data with
 * its progress, and the words for each refusal (no connection, an error page, a session that
 * ended, a refused work or a refused extra image), shared with the single-file form.
 */

import { format } from "./helpers.js";

/* The refusals every upload may meet: the request never reached the server, or it answered
 * with an error page. */
export function offline() {
  return gettext("The upload failed: check your connection, then try again.");
}

export function notThrough(status) {
  return format(gettext("The upload did not go through (error %(status)s). Please try again."), { status });
}

/* What to tell a member about an answer that is not a saved work. */
export function refusalFrom(answer) {
  if (answer.status === 0) return offline();
  if (answer.data && answer.data.message) return answer.data.message;
  if (answer.status === 200) {
    // Redirected to a page (the log-in form): the session ended meanwhile.
    return gettext("You are no longer logged in. Log in again in another tab, then try again.");
  }
  return notThrough(answer.status);
}

/* POST one card's form data to `url`, asking for JSON; the card's bar follows the bytes.
 * Resolves with {status, data}; status 0 when the request did not reach the server. */
export function post(url, body, card) {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.responseType = "json";
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) card.sending(event.loaded / event.total);
    });
    xhr.upload.addEventListener("load", () => card.saving());
    xhr.addEventListener("load", () => resolve({ status: xhr.status, data: xhr.response }));
    for (const failure of ["error", "timeout", "abort"]) {
      xhr.addEventListener(failure, () => resolve({ status: 0, data: null }));
    }
    xhr.send(body);
  });
}

/* How a refused extra image is told on its card: the form's own message (a limit) first,
 * else the first field's, after that field's label on the card. */
function extraFieldLabel(name) {
  const labels = { image: gettext("Image"), alt_text: gettext("Alt text"), caption: gettext("Caption") };
  return labels[name] || "";
}

export function extraRefusalFrom(answer) {
  if (answer.status === 0) return offline();
  const errors = (answer.data && answer.data.errors) || null;
  if (errors) {
    if (errors.__all__ && errors.__all__.length) return errors.__all__[0];
    const [name, messages] = Object.entries(errors).find(([, list]) => list && list.length) || [];
    if (name) {
      const label = extraFieldLabel(name);
      // Translators: a field's label on the card, and why the server refused what it holds.
      return label ? format(gettext("%(field)s: %(error)s"), { field: label, error: messages[0] }) : messages[0];
    }
  }
  return refusalFrom({ status: answer.status, data: null });
}
