/*
 * The heart without reloading the page. Every heart is a plain POST form that works without
 * this script (the server answers with a redirect back); here the same form is sent asking
 * for JSON, and the button's pressed state, its hidden action and the count change in place.
 * A card's form takes its CSRF token and `next` from fields outside the cached grid (their
 * `form` attribute names it), which FormData collects too. Anything unexpected falls back to
 * sending the form normally, so the server explains (a refusal, the log-in page).
 */

for (const form of document.querySelectorAll("form[data-favourite]")) {
  const button = form.querySelector("[data-favourite-button]");
  const action = form.querySelector("[data-favourite-action]");
  const count = form.querySelector("[data-favourite-count]");
  // Read from the attribute: `form.action` would be the hidden input named "action".
  const address = form.getAttribute("action");

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    let answer;
    try {
      const response = await fetch(address, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      answer = await response.json();
      if (!response.ok) throw new Error(answer.error || "refused");
    } catch {
      form.submit();
      return;
    } finally {
      button.disabled = false;
    }
    const favourited = answer.favourited;
    action.value = favourited ? "unfavourite" : "favourite";
    button.setAttribute("aria-pressed", favourited ? "true" : "false");
    if (count && typeof answer.favourites === "number") {
      count.textContent = String(answer.favourites);
    }
  });
  // Says the heart now works in place (browser tests wait for it before clicking).
  form.dataset.favouriteReady = "";
}
