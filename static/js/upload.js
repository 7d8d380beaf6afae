/*
 * The upload form, enhanced: drop a file on the Image field, see a preview, hear at once when
 * the browser can already tell the server would refuse the file, and watch the upload's
 * progress. Without this script the form is a plain multipart post and works the same.
 *
 * The server stays the judge (it decides the format by the file's content). The limits
 * checked here are the server's own, rendered by the template into the form's data-*
 * attributes, so the two cannot drift apart.
 */

const FORM_SELECTOR = "form[data-upload-form]";

/* --- Small helpers ----------------------------------------------------------------------- */

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

/* Sizes written like Django's filesizeformat, so our messages read like the server's. */
function formatSize(bytes) {
  if (bytes < 1024) return `${bytes}\u00a0byte${bytes === 1 ? "" : "s"}`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)}\u00a0${units[unit]}`;
}

function listFrom(value) {
  return (value || "").split(",").map((item) => item.trim().toLowerCase()).filter(Boolean);
}

function carriesFiles(event) {
  return Boolean(event.dataTransfer) && Array.from(event.dataTransfer.types).includes("Files");
}

/* What the server would refuse, judged from what the browser knows: name, type and size.
 * Returns the message to show, or "" when the file may be sent. */
function problemWith(file, limits) {
  const extension = file.name.includes(".") ? file.name.split(".").pop().toLowerCase() : "";
  // Either is enough: browsers report no type for some formats (HEIC on most desktops), and
  // a photo's name is not always right. Anything that slips through, the server refuses.
  const accepted = limits.types.includes(file.type) || limits.extensions.includes(extension);
  if (!accepted) {
    return `“${file.name}” is not an image we accept. Choose a ${limits.formatNames} image.`;
  }
  if (file.size === 0) return "This file is empty. Choose an image file.";
  if (file.size > limits.maxBytes) {
    return `This file is too big (${formatSize(file.size)}). The limit is ${limits.maxSize}.`;
  }
  return "";
}

/* --- One form ---------------------------------------------------------------------------- */

function enhance(form) {
  const input = form.querySelector('input[type="file"][name="image"]');
  const button = form.querySelector('button[type="submit"]');
  if (!input || !button || form.dataset.enhanced) return;
  form.dataset.enhanced = "true";

  const limits = {
    maxBytes: Number(form.dataset.maxBytes),
    maxSize: form.dataset.maxSize,
    extensions: listFrom(form.dataset.acceptExtensions),
    types: listFrom(form.dataset.acceptTypes),
    formatNames: form.dataset.formatNames,
  };

  // The real file input stays where it is, with its label; its field becomes the drop zone.
  const zone = input.closest(".field") || input.parentElement;
  zone.classList.add("drop-zone");
  const hint = element("p", { class: "drop-hint" }, "Or drag an image file here.");
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
  progress.append(element("label", { for: progressId }, "Upload progress"), bar, percent);
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
    previewImage.alt = `Preview of ${file.name}`;
    previewImage.src = previewUrl;
    caption.textContent = `${file.name}, ${formatSize(file.size)}`;
    preview.hidden = false;
  }

  // Chromium cannot draw HEIC: the file is still fine to send, there is just no picture.
  previewImage.addEventListener("error", () => {
    if (!previewUrl) return;
    previewImage.hidden = true;
    caption.textContent += " (no preview for this format; it will still be uploaded)";
  });

  input.addEventListener("change", () => {
    clearError();
    clearPreview();
    const file = input.files[0];
    if (!file) return;
    const problem = problemWith(file, limits);
    if (problem) {
      // The refused file is taken off the input: it can never be sent, and an edit form
      // (where the image is optional) stays saveable without it.
      input.value = "";
      showError(problem);
      return;
    }
    showPreview(file);
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
    // The input takes one file; of several dropped, the first is used.
    const file = event.dataTransfer.files[0];
    if (!file) return;
    const transfer = new DataTransfer();
    transfer.items.add(file);
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
      failed(`The upload did not go through (error ${xhr.status}). Please try again.`);
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
    else failed("The server's answer could not be shown. Please try again.");
  }

  function send() {
    setBusy(true);
    setProgress(0);
    progress.hidden = false;
    status.textContent = "Uploading…";

    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.responseType = "document";
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) setProgress(event.loaded / event.total);
    });
    xhr.upload.addEventListener("load", () => {
      setProgress(1);
      status.textContent = "Uploaded. Saving…";
    });
    xhr.addEventListener("load", () => received(xhr));
    const offline = "The upload failed: check your connection, then try again.";
    xhr.addEventListener("error", () => failed(offline));
    xhr.addEventListener("timeout", () => failed(offline));
    xhr.addEventListener("abort", () => failed("The upload was stopped. Try again."));
    xhr.send(new FormData(form));
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (busy) return;
    // A safety net for a file that reached the input without a change event.
    const file = input.files[0];
    const problem = file ? problemWith(file, limits) : "";
    if (problem) {
      showError(problem);
      input.focus();
      return;
    }
    status.textContent = "";
    send();
  });
}

/* --- The page ---------------------------------------------------------------------------- */

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
