/*
 * "Preparing the image…" replaced by the image once its renditions exist, without a reload.
 * Each placeholder names its status URL (data-image-status); the script asks it, less and
 * less often, and puts in the <picture> the server answers with once the image is ready.
 * Without this script, the page's <noscript> refresh shows the image a little later.
 */

const FIRST_WAIT_MS = 1000;
const LONGEST_WAIT_MS = 30000;
// The worker makes renditions within seconds; after this long a member has likely left, and
// anyone still here gets the image with the next visit.
const GIVE_UP_AFTER_MS = 15 * 60 * 1000;

function pictureFrom(html) {
  const holder = document.createElement("template");
  holder.innerHTML = html;
  return holder.content;
}

function watch(placeholder) {
  const url = placeholder.dataset.imageStatus;
  const started = Date.now();
  let wait = FIRST_WAIT_MS;

  async function ask() {
    let status = null;
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
      });
      // A work hidden or deleted meanwhile (404): nothing more will come.
      if (response.status === 404) return;
      if (response.ok) status = await response.json();
    } catch {
      // Offline for a moment: ask again later.
    }
    if (status && status.ready && status.html) {
      placeholder.replaceWith(pictureFrom(status.html));
      return;
    }
    if (Date.now() - started > GIVE_UP_AFTER_MS) return;
    wait = Math.min(wait * 2, LONGEST_WAIT_MS);
    setTimeout(ask, wait);
  }

  setTimeout(ask, wait);
}

document.querySelectorAll("[data-image-status]").forEach(watch);
