/*
 * Follow / Following without reloading the page. The buttons are plain POST forms that work
 * without this script (the server answers with a redirect back); here the same form is sent
 * asking for JSON, and the button, its hidden action and the follower count (on an artist's
 * page) change in place. Anything unexpected falls back to sending the form normally.
 */

for (const form of document.querySelectorAll("form[data-follow]")) {
  const button = form.querySelector("[data-follow-button]");
  const action = form.querySelector("[data-follow-action]");
  const label = button.firstChild;
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
      // Let the server explain (the refusal page, the log-in page) the way it does without
      // script.
      form.submit();
      return;
    } finally {
      button.disabled = false;
    }
    const following = answer.following;
    action.value = following ? "unfollow" : "follow";
    label.textContent = following ? "Following" : "Follow";
    button.setAttribute("aria-pressed", following ? "true" : "false");
    button.classList.toggle("secondary", following);
    const count = document.querySelector("[data-follower-count]");
    if (count && typeof answer.followers === "number") {
      count.textContent = `${answer.followers} follower${answer.followers === 1 ? "" : "s"}`;
    }
  });
  // Says the button now follows in place (browser tests wait for it before clicking).
  form.dataset.followReady = "";
}
