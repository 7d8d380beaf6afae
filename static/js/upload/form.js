/*
 * One upload or edit form, enhanced: its Image field as a drop zone, the preview, the early
 * refusals, the upload with its progress bar, and the page the server answers shown in place
 * (its <main> swapped in, the address followed). The upload form hands several files to its
 * batch (batch.js).
 */

import { batchUploads } from "./batch.js";
import { carriesFiles, element, format, formatSize } from "./helpers.js";
import { limitsOf, pixelProblemWith, problemWith } from "./limits.js";
import { notThrough, offline } from "./requests.js";

export const FORM_SELECTOR = "form[data-upload-form]";

export function enhance(form) {
  const input = form.querySelector('input[type="file"][name="image"]');
  const button = form.querySelector('button[type="submit"]');
  if (!input || !button || form.dataset.enhanced) return;
  form.dataset.enhanced = "true";

  const limits = limitsOf(form);

  // The real file input stays where it is, with its label; its field becomes the drop zone.
  const zone = input.closest(".field") || input.parentElement;
  zone.classList.add("drop-zone");
  const hint = element("p", { class: "drop-hint" }, gettext("Or drag an image file here."));
  // Stays in the page while empty, so screen readers announce what is written into it.
  const error = element("p", { id: `${input.id}_client_error`, class: "upload-error", "aria-live": "polite" });
  const preview = element("figure", { class: "upload-preview", hidden: "" });
  const previewImage = element("img", { alt: "" });
  const caption = element("figcaption");
  preview.append(previewImage, caption);
  input.after(hint, error, preview);

  const progress = element("div", { class: "upload-progress", hidden: "" });
  const progressId = `${input.id}_progress`;
  const bar = element("progress", { id: progressId, max: "100", value: "0" }, "0%");
  // The progress bar already tells assistive technology its value; this is for the eye.
  const percent = element("span", { class: "upload-percent", "aria-hidden": "true" }, "0%");
  progress.append(element("label", { for: progressId }, gettext("Upload progress")), bar, percent);
  const status = element("p", { class: "upload-status", "aria-live": "polite" });
  button.before(progress, status);

  let previewUrl = null;
  let busy = false;

  function showError(message) {
    error.textContent = message;
    input.setAttribute("aria-invalid", "true");
    const described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (!described.includes(error.id)) described.unshift(error.id);
    input.setAttribute("aria-describedby", described.join(" "));
  }

  function clearError() {
    error.textContent = "";
    input.removeAttribute("aria-invalid");
    const described = (input.getAttribute("aria-describedby") || "")
      .split(" ")
      .filter((id) => id && id !== error.id);
    if (described.length) input.setAttribute("aria-describedby", described.join(" "));
    else input.removeAttribute("aria-describedby");
  }

  function clearPreview() {
    preview.hidden = true;
    previewImage.removeAttribute("src");
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    previewUrl = null;
  }

  function showPreview(file) {
    previewUrl = URL.createObjectURL(file);
    previewImage.hidden = false;
    previewImage.alt = format(gettext("Preview of %(name)s"), { name: file.name });
    previewImage.src = previewUrl;
    // Translators: under the preview of the chosen file, its name and its size.
    caption.textContent = format(gettext("%(name)s, %(size)s"), { name: file.name, size: formatSize(file.size) });
    preview.hidden = false;
  }

  // Chromium cannot draw HEIC: the file is still fine to send, there is just no picture.
  previewImage.addEventListener("error", () => {
    if (!previewUrl) return;
    previewImage.hidden = true;
    caption.textContent = format(gettext("%(file)s (no preview for this format; it will still be uploaded)"), {
      file: caption.textContent,
    });
  });

  function refuse(problem) {
    // The refused file is taken off the input: it can never be sent, and an edit form
    // (where the image is optional) stays saveable without it.
    input.value = "";
    clearPreview();
    showError(problem);
  }

  // The pixel check of the file on the input, while the browser reads its header: a submit
  // waits for it.
  let pixelCheck = Promise.resolve("");

  input.addEventListener("change", () => {
    clearError();
    clearPreview();
    if (batch && batch.take(Array.from(input.files))) return;
    const file = input.files[0];
    pixelCheck = Promise.resolve("");
    if (!file) return;
    const problem = problemWith(file, limits);
    if (problem) {
      refuse(problem);
      return;
    }
    showPreview(file);
    pixelCheck = pixelProblemWith(file, limits).then((pixelProblem) => {
      if (pixelProblem && input.files[0] === file) refuse(pixelProblem);
      return pixelProblem;
    });
  });

  // Dropping: the dropped file is put on the real input, as if it had been chosen.
  zone.addEventListener("dragover", (event) => {
    if (!carriesFiles(event) || busy) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    zone.classList.add("is-dragover");
  });
  zone.addEventListener("dragleave", (event) => {
    if (!zone.contains(event.relatedTarget)) zone.classList.remove("is-dragover");
  });
  zone.addEventListener("drop", (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    zone.classList.remove("is-dragover");
    if (busy) return;
    // The upload form takes them all (a card each); the edit form, the first.
    const files = Array.from(event.dataTransfer.files).slice(0, batch ? undefined : 1);
    if (!files.length) return;
    const transfer = new DataTransfer();
    for (const file of files) transfer.items.add(file);
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });

  function setProgress(fraction) {
    const value = Math.round(fraction * 100);
    bar.value = value;
    bar.textContent = `${value}%`;
    percent.textContent = `${value}%`;
  }

  function setBusy(value) {
    busy = value;
    button.disabled = value;
    if (value) form.setAttribute("aria-busy", "true");
    else form.removeAttribute("aria-busy");
  }

  function failed(message) {
    setBusy(false);
    progress.hidden = true;
    status.textContent = message;
  }

  function received(xhr) {
    const page = xhr.response;
    const main = page && page.querySelector("main");
    if (xhr.status >= 400) {
      // A refusal page of ours (the site busy with other uploads) says what happened.
      const said = page && page.querySelector("[data-refusal]");
      failed(said ? said.textContent.trim() : notThrough(xhr.status));
      return;
    }
    // XMLHttpRequest follows the redirect to My artworks by itself. That request already
    // showed (and so used up) the success message, so going there again would lose it: the
    // page it received is shown in place instead, under its own address.
    const sentTo = new URL(form.action, document.baseURI);
    const landedOn = new URL(xhr.responseURL || sentTo.href);
    sentTo.hash = "";
    landedOn.hash = "";
    const redirected = landedOn.href !== sentTo.href;
    if (main) showPage(page, redirected ? landedOn.href : null);
    else if (redirected) location.assign(landedOn.href); // not a page of ours: just go there
    else failed(gettext("The server's answer could not be shown. Please try again."));
  }

  function send() {
    setBusy(true);
    setProgress(0);
    progress.hidden = false;
    status.textContent = gettext("Uploading…");

    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.responseType = "document";
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) setProgress(event.loaded / event.total);
    });
    xhr.upload.addEventListener("load", () => {
      setProgress(1);
      status.textContent = gettext("Uploaded. Saving…");
    });
    xhr.addEventListener("load", () => received(xhr));
    xhr.addEventListener("error", () => failed(offline()));
    xhr.addEventListener("timeout", () => failed(offline()));
    xhr.addEventListener("abort", () => failed(gettext("The upload was stopped. Try again.")));
    xhr.send(new FormData(form));
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    if (batch && batch.active) {
      setBusy(true);
      await batch.send();
      setBusy(false);
      return;
    }
    // A safety net for a file that reached the input without a change event.
    const file = input.files[0];
    const problem = file ? problemWith(file, limits) || (await pixelCheck) : "";
    if (problem) {
      if (input.files[0] === file) refuse(problem);
      input.focus();
      return;
    }
    status.textContent = "";
    send();
  });

  const batch =
    "uploadBatch" in form.dataset
      ? batchUploads({ form, input, zone, hint, button, status, limits, singlePreview: preview })
      : null;
}

let historyHandled = false;

/* Show a page the server returned (the form with its errors, or where a redirect led) by
 * swapping in its <main>: header and footer are the same for a member. */
function showPage(page, newUrl) {
  const incoming = document.adoptNode(page.querySelector("main"));
  document.querySelector("main").replaceWith(incoming);
  document.title = page.title;
  if (newUrl) {
    history.pushState(null, "", newUrl);
    if (!historyHandled) {
      // Back to the form's address: this document shows another page, so load it afresh.
      window.addEventListener("popstate", () => location.reload());
      historyHandled = true;
    }
  }
  // Move focus to what the member needs to read first: the error summary, the messages, or
  // the heading, so a screen reader starts there too.
  const focusTarget =
    incoming.querySelector('[role="alert"]') ||
    incoming.querySelector(".messages") ||
    incoming.querySelector("h1");
  if (focusTarget) {
    focusTarget.setAttribute("tabindex", "-1");
    focusTarget.focus();
  }
  incoming.querySelectorAll(FORM_SELECTOR).forEach(enhance);
}
