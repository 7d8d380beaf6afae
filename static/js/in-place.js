/*
 * Follow / Following and the heart, without reloading the page. Each is a plain POST form
 * that works without this script (the server answers with a redirect back); here the same
 * form is sent asking for JSON, and the button's pressed state, its hidden action and the
 * count beside it change in place. A card's heart takes its CSRF token and `next` from fields
 * outside the cached grid (their `form` attribute names it), which FormData collects too.
 * Anything unexpected falls back to sending the form normally, so the server explains (a
 * refusal page, the log-in page) the way it does without script.
 *
 * Its words come from the page's script catalogue (gettext, ngettext and interpolate, from
 * includes/script_catalogue.html), in the page's language.
 */

// The form's JSON answer, or null once the form has been sent the plain way instead.
async function sendInPlace(form, button) {
  button.disabled = true;
  try {
    // Read from the attribute: `form.action` would be the hidden input named "action".
    const response = await fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    const answer = await response.json();
    if (!response.ok) throw new Error(answer.error || "refused");
    return answer;
  } catch {
    form.submit();
    return null;
  } finally {
    button.disabled = false;
  }
}

function showPressed(button, action, pressed, pressedAction, unpressedAction) {
  action.value = pressed ? pressedAction : unpressedAction;
  button.setAttribute("aria-pressed", pressed ? "true" : "false");
}

for (const form of document.querySelectorAll("form[data-follow]")) {
  const button = form.querySelector("[data-follow-button]");
  const action = form.querySelector("[data-follow-action]");
  const label = button.firstChild;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const answer = await sendInPlace(form, button);
    if (answer === null) return;
    showPressed(button, action, answer.following, "unfollow", "follow");
    label.textContent = answer.following ? gettext("Following") : gettext("Follow");
    button.classList.toggle("secondary", answer.following);
    const count = document.querySelector("[data-follower-count]");
    if (count && typeof answer.followers === "number") {
      const followers = ngettext("%(count)s follower", "%(count)s followers", answer.followers);
      count.textContent = interpolate(followers, { count: answer.followers }, true);
    }
  });
  // Says the button now works in place (browser tests wait for it before clicking).
  form.dataset.followReady = "";
}

for (const form of document.querySelectorAll("form[data-favourite]")) {
  const button = form.querySelector("[data-favourite-button]");
  const action = form.querySelector("[data-favourite-action]");
  const count = form.querySelector("[data-favourite-count]");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const answer = await sendInPlace(form, button);
    if (answer === null) return;
    showPressed(button, action, answer.favourited, "unfavourite", "favourite");
    if (count && typeof answer.favourites === "number") {
      count.textContent = String(answer.favourites);
    }
  });
  form.dataset.favouriteReady = "";
}
