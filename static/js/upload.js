/*
 * The upload form, enhanced: drop a file on the Image field, see a preview, hear at once when
 * the browser can already tell the server would refuse the file, and watch the upload's
 * progress. Without this script the form is a plain multipart post and works the same.
 *
 * On the upload form (data-upload-batch), several files picked or dropped at once become one
 * card each, with its own title, alt text, description, preview, progress and outcome; the
 * rest of the form is filled once for all of them. The member chooses how they are saved:
 * each card as its own work (the view answers JSON when asked for it), or the first as the
 * work and the others as its more images (its caption in place of a description).
 *
 * The server stays the judge (it decides the format by the file's content). The limits
 * checked here are the server's own, rendered by the template into the form's data-*
 * attributes, so the two cannot drift apart.
 *
 * Its words come from the page's script catalogue (gettext, ngettext, pgettext and
 * interpolate, from includes/script_catalogue.html), in the page's language.
 */

// Its parts, in static/js/upload/: the form (form.js), a batch of files (batch.js) with its
// cards (card.js) and ways of saving (modes.js), the requests (requests.js), the limits
// (limits.js) and small helpers (helpers.js).
import { enhance, FORM_SELECTOR } from "./upload/form.js";
import { carriesFiles } from "./upload/helpers.js";

// A file dropped just beside the drop zone would otherwise replace the page (and the typed
// fields) with the file itself.
window.addEventListener("dragover", (event) => {
  if (carriesFiles(event) && !event.target.closest?.(".drop-zone")) {
    event.preventDefault();
    event.dataTransfer.dropEffect = "none";
  }
});
window.addEventListener("drop", (event) => {
  if (carriesFiles(event) && !event.target.closest?.(".drop-zone")) event.preventDefault();
});

document.querySelectorAll(FORM_SELECTOR).forEach(enhance);
