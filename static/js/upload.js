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

const FORM_SELECTOR = "form[data-upload-form]";

/* --- Small helpers ----------------------------------------------------------------------- */

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

/* A translated sentence with an element (a link) where its %(name)s placeholder is: the
 * pieces to append, in the order the translation puts them. */
function withElement(message, name, node) {
  const placeholder = `%(${name})s`;
  const [before, ...after] = message.split(placeholder);
  return [before, node, after.join(placeholder)].filter((piece) => piece !== "");
}

/* A translated message with its %(name)s placeholders filled in. */
function format(message, values) {
  return interpolate(message, values, true);
}

/* Sizes written like Django's filesizeformat, so our messages read like the server's. */
function formatSize(bytes) {
  if (bytes < 1024) {
    // Like Django's, on one line: its spaces are no-break ones.
    return format(ngettext("%(size)s byte", "%(size)s bytes", bytes), { size: bytes }).replace(/ /g, "\u00a0");
  }
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
  const extension = extensionOf(file.name);
  // Either is enough: browsers report no type for some formats (HEIC on most desktops), and
  // a photo's name is not always right. Anything that slips through, the server refuses.
  const accepted = limits.types.includes(file.type) || limits.extensions.includes(extension);
  if (!accepted) {
    return format(gettext("“%(name)s” is not an image we accept. Choose a %(formats)s image."), {
      name: file.name,
      formats: limits.formatNames,
    });
  }
  if (file.size === 0) return gettext("This file is empty. Choose an image file.");
  if (file.size > limits.maxBytes) {
    return format(gettext("This file is too big (%(size)s). The limit is %(limit)s."), {
      size: formatSize(file.size),
      limit: limits.maxSize,
    });
  }
  return "";
}

/* The image's width and height as the browser reads them from its header, or null when the
 * browser cannot read the format (HEIC in most browsers): then the server alone judges. */
function dimensionsOf(file) {
  return new Promise((resolve) => {
    const url = URL.createObjectURL(file);
    const image = new Image();
    const done = (size) => {
      URL.revokeObjectURL(url);
      resolve(size);
    };
    image.addEventListener("load", () => done({ width: image.naturalWidth, height: image.naturalHeight }));
    image.addEventListener("error", () => done(null));
    image.src = url;
  });
}

/* The server's refusal of an image with too many pixels, or "" when it has few enough. The
 * limits and the sentence are the server's (data-pixel-limits), per format where a format has
 * a lower ceiling; the browser sees one frame of an animation, the server counts them all. */
async function pixelProblemWith(file, limits) {
  if (!limits.pixels) return "";
  const size = await dimensionsOf(file);
  if (!size) return "";
  const pixels = size.width * size.height;
  const [limit, message] =
    limits.pixels[file.type] || limits.pixels[extensionOf(file.name)] || limits.pixels.default;
  if (pixels <= limit) return "";
  return message.replace("{megapixels}", (pixels / 1_000_000).toFixed(1));
}

function extensionOf(name) {
  return name.includes(".") ? name.split(".").pop().toLowerCase() : "";
}

function limitsOf(form) {
  let pixels = null;
  try {
    pixels = JSON.parse(form.dataset.pixelLimits || "null");
  } catch {
    pixels = null; // an older page: the server still checks
  }
  return {
    maxBytes: Number(form.dataset.maxBytes),
    maxSize: form.dataset.maxSize,
    extensions: listFrom(form.dataset.acceptExtensions),
    types: listFrom(form.dataset.acceptTypes),
    formatNames: form.dataset.formatNames,
    pixels,
  };
}

/* --- One form ---------------------------------------------------------------------------- */

function enhance(form) {
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

/* --- Several files at once: one card, and one work, per file ------------------------------ */

// The fields each work of a batch has its own of; the rest of the form is shared.
const PER_WORK_FIELDS = ["title", "alt_text", "description"];
const TITLE_MAX_LENGTH = 120;

/* The refusals every upload may meet: the request never reached the server, or it answered
 * with an error page. */
function offline() {
  return gettext("The upload failed: check your connection, then try again.");
}

function notThrough(status) {
  return format(gettext("The upload did not go through (error %(status)s). Please try again."), { status });
}

/* A title from a file name: "harbour_at-dawn.final.jpg" reads "Harbour at dawn final". */
function tidyTitle(fileName) {
  const words = fileName
    .replace(/\.[^.]*$/, "")
    .replace(/[_\-.+]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const title = words.charAt(0).toUpperCase() + words.slice(1);
  return title.slice(0, TITLE_MAX_LENGTH).trim() || gettext("Untitled");
}

/* What to tell a member about an answer that is not a saved work. */
function refusalFrom(answer) {
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
function post(url, body, card) {
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

let cardsMade = 0;

/* One file's card: its preview, its own fields, its progress and what became of it. */
function makeCard(file, limits) {
  cardsMade += 1;
  const id = `upload-card-${cardsMade}`;
  const item = element("li", { class: "upload-card" });
  const article = element("article", { "aria-labelledby": `${id}-name` });
  const thumb = element("img", {
    class: "upload-card-thumb",
    alt: format(gettext("Preview of %(name)s"), { name: file.name }),
  });
  const previewUrl = URL.createObjectURL(file);
  thumb.src = previewUrl;
  thumb.addEventListener("error", () => {
    thumb.hidden = true; // HEIC in Chromium: no picture, the file is still fine to send
  });
  const heading = element("h3", { id: `${id}-name`, class: "upload-card-name" }, file.name);
  const size = element("p", { class: "upload-card-size" }, formatSize(file.size));

  const wrappers = {};
  function field(name, label, control, help = "") {
    const wrapper = element("div", { class: `upload-card-field upload-card-${name}` });
    wrappers[name] = wrapper;
    control.id = `${id}-${name}`;
    const labelNode = element("label", { for: control.id }, label);
    if (!control.required) labelNode.append(" ", element("small", {}, gettext("(optional)")));
    wrapper.append(labelNode, control);
    if (help) {
      const helpNode = element("small", { id: `${control.id}-help` }, help);
      control.setAttribute("aria-describedby", helpNode.id);
      wrapper.append(helpNode);
    }
    return wrapper;
  }
  const title = element("input", { type: "text", maxlength: String(TITLE_MAX_LENGTH), required: "" });
  title.value = tidyTitle(file.name);
  const altText = element("input", { type: "text", required: "" });
  const description = element("textarea", { rows: "3", maxlength: "2000" });
  // An extra image's caption is one line (the server refuses a line break in it, and says
  // when it is too long).
  const caption = element("input", { type: "text" });
  // The work's fields, by the upload view's names; the caption is the extra image's own.
  const inputs = { title, alt_text: altText, description };
  const controls = [title, altText, description, caption];
  const fields = element("div", { class: "upload-card-fields" });
  // What the card becomes when the batch is saved as one work: the work, or one of its images.
  const roleLine = element("p", { class: "upload-card-role", hidden: "" });
  fields.append(
    roleLine,
    field("title", gettext("Title"), title),
    field("alt_text", gettext("Alt text"), altText, gettext("What the work shows, for people who cannot see it.")),
    field("description", gettext("Description"), description),
    field("caption", gettext("Caption"), caption),
  );

  const progressId = `${id}-progress`;
  const progressLabel = format(gettext("Upload progress of %(name)s"), { name: file.name });
  const progress = element("progress", { id: progressId, max: "100", value: "0", "aria-label": progressLabel }, "0%");
  progress.hidden = true;
  const statusLine = element("p", { class: "upload-card-status", "aria-live": "polite" }, gettext("Waiting to be sent."));
  article.append(thumb, heading, size, fields, progress, statusLine);
  item.append(article);

  const card = {
    file,
    item,
    inputs,
    state: "waiting", // waiting, checking, refused-here, sending, saved, refused
    role: "own-work", // own-work (each file a work), work or extra (one work with the others)
    check: null,
    setState(state, text) {
      card.state = state;
      item.dataset.state = state;
      statusLine.replaceChildren(...(Array.isArray(text) ? text : [text]));
    },
    /* Refused before sending: this file is never sent. */
    refuseHere(message) {
      card.setState("refused-here", notUploaded(message));
      for (const control of controls) control.disabled = true;
    },
    sending(fraction) {
      const percent = Math.round(fraction * 100);
      progress.hidden = false;
      progress.value = percent;
      progress.textContent = `${percent}%`;
      // In steps of ten: the status line is read out, and each byte's news would drown it.
      const step = Math.floor(percent / 10) * 10;
      if (card.state !== "sending" || step !== card.step) {
        card.step = step;
        // Translators: percent is how much of the file is sent so far, such as "40%".
        card.setState("sending", format(gettext("Sending %(percent)s"), { percent: `${step}%` }));
      }
    },
    saving() {
      progress.value = 100;
      card.setState("sending", gettext("Sent. Saving…"));
    },
    saved(work) {
      for (const control of controls) {
        control.disabled = true;
        control.removeAttribute("aria-invalid");
      }
      const edit = format(gettext("Edit “%(title)s”"), { title: work.title });
      const parts = [`${gettext("Saved.")} `, element("a", { href: work.edit_url }, edit)];
      if (work.page_url) parts.push(" · ", element("a", { href: work.page_url }, gettext("See it in the gallery")));
      if (work.warning) parts.push(element("br"), work.warning);
      card.setState("saved", parts);
    },
    refused(message, errors = {}) {
      progress.hidden = true;
      for (const [name, control] of Object.entries({ ...inputs, caption })) {
        if (errors[name]) control.setAttribute("aria-invalid", "true");
        else control.removeAttribute("aria-invalid");
      }
      card.setState("refused", notUploaded(message));
    },
    /* Saved as a work of its own, as the work of the batch, or as one more image of it: the
     * extra's card asks for its caption in place of a title and a description. */
    setRole(role, roleText = "") {
      card.role = role;
      item.dataset.role = role;
      roleLine.textContent = roleText;
      roleLine.hidden = !roleText;
      const extra = role === "extra";
      const editable = !["saved", "refused-here"].includes(card.state);
      // Hidden and disabled: the browser neither checks nor sends the other role's fields.
      for (const [name, control] of [["title", title], ["description", description]]) {
        wrappers[name].hidden = extra;
        if (editable) control.disabled = extra;
      }
      wrappers.caption.hidden = !extra;
      if (editable) caption.disabled = !extra;
      // What was typed in one follows into the other when the member changes the choice.
      if (extra && !caption.value) caption.value = description.value.replace(/\s+/g, " ").trim();
      if (!extra && !description.value) description.value = caption.value;
    },
    savedAsExtra(work) {
      for (const control of controls) {
        control.disabled = true;
        control.removeAttribute("aria-invalid");
      }
      const link = element("a", { href: `${work.edit_url}#more-images` }, work.title);
      card.setState("saved", withElement(gettext("Saved as one of the images of “%(title)s”."), "title", link));
    },
    /* Data for the more-images view: the form's CSRF token, this file, its alt text and
     * caption. */
    extraFormData(csrfToken) {
      const body = new FormData();
      body.append("csrfmiddlewaretoken", csrfToken);
      body.append("image", file, file.name);
      body.append("alt_text", altText.value);
      body.append("caption", caption.value);
      return body;
    },
    /* Data for the view: the shared fields, this file and its own fields. */
    formData(shared) {
      const body = new FormData();
      for (const [name, value] of shared) body.append(name, value);
      body.append("image", file, file.name);
      for (const [name, control] of Object.entries(inputs)) body.append(name, control.value);
      return body;
    },
    forget() {
      URL.revokeObjectURL(previewUrl);
      item.remove();
    },
  };
  item.dataset.state = "waiting";
  card.setRole("own-work");

  const problem = problemWith(file, limits);
  if (problem) {
    card.refuseHere(problem);
    card.check = Promise.resolve();
  } else {
    card.setState("checking", gettext("Checking the image…"));
    card.check = pixelProblemWith(file, limits).then((pixelProblem) => {
      if (pixelProblem) card.refuseHere(pixelProblem);
      else card.setState("waiting", gettext("Waiting to be sent."));
    });
  }
  return card;
}

function notUploaded(message) {
  return format(gettext("Not uploaded: %(reason)s"), { reason: message });
}

/* How a refused extra image is told on its card: the form's own message (a limit) first,
 * else the first field's, after that field's label on the card. */
function extraFieldLabel(name) {
  const labels = { image: gettext("Image"), alt_text: gettext("Alt text"), caption: gettext("Caption") };
  return labels[name] || "";
}

function extraRefusalFrom(answer) {
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

/* How the cards of a batch are saved. Each mode takes the cards still to send and the batch
 * (its shared fields, its addresses, its stop) and saves them; it also words the batch's
 * upload button and its outcome. "separate" makes each file its own work through the upload
 * form's address; "one-work" makes the first file the work and adds the others to it as its
 * more images, in order. */
const BATCH_MODES = {
  separate: {
    async send(cards, batch) {
      for (const card of cards) {
        if (batch.stopped) {
          card.refused(batch.stopped);
          continue;
        }
        const answer = await post(batch.action, card.formData(batch.shared()), card);
        if (answer.status === 201 && answer.data) {
          card.saved(answer.data);
          continue;
        }
        const message = refusalFrom(answer);
        card.refused(message, (answer.data && answer.data.errors) || {});
        // Over the hourly allowance, the next files would be refused as well: they wait.
        if (answer.status === 429) batch.stopped = message;
      }
    },
    buttonText(waiting, retrying) {
      const count = waiting.length;
      const text = retrying
        ? ngettext("Try again (%(count)s work)", "Try again (%(count)s works)", count)
        : ngettext("Upload %(count)s work", "Upload %(count)s works", count);
      return format(text, { count });
    },
    summary(cards) {
      const saved = cards.filter((card) => card.state === "saved").length;
      const text = ngettext("%(saved)s of %(count)s work saved.", "%(saved)s of %(count)s works saved.", cards.length);
      return format(text, { saved, count: cards.length });
    },
  },

  "one-work": {
    async send(cards, batch) {
      const workCard = batch.workCard();
      if (workCard.state !== "saved") {
        const answer = await post(batch.action, workCard.formData(batch.shared()), workCard);
        if (answer.status === 201 && answer.data) {
          batch.work = answer.data;
          workCard.saved(answer.data);
        } else {
          const message = refusalFrom(answer);
          workCard.refused(message, (answer.data && answer.data.errors) || {});
          // Without the work there is nothing to add the others to: none is sent.
          const why = format(
            gettext(
              "the work itself (“%(name)s”) was not saved, so this image was not sent. It will " +
                "be, with the work, when you try again.",
            ),
            { name: workCard.file.name },
          );
          for (const card of cards) if (card !== workCard) card.refused(why);
          return;
        }
      }
      for (const card of cards) {
        if (card === workCard) continue;
        if (batch.stopped) {
          card.refused(batch.stopped);
          continue;
        }
        const answer = await post(batch.work.extra_images_url, card.extraFormData(batch.csrfToken()), card);
        if (answer.status === 200 && answer.data && answer.data.ok) {
          card.savedAsExtra(batch.work);
          continue;
        }
        const message = extraRefusalFrom(answer);
        const errors = (answer.data && answer.data.errors) || {};
        card.refused(message, { alt_text: errors.alt_text, caption: errors.caption });
        if (answer.status === 429) batch.stopped = message;
      }
    },
    buttonText(waiting, retrying, batch) {
      const count = waiting.length;
      let text;
      if (batch.work) {
        text = ngettext("Try again (%(count)s image)", "Try again (%(count)s images)", count);
      } else if (retrying) {
        text = ngettext("Try again (1 work with %(count)s image)", "Try again (1 work with %(count)s images)", count);
      } else {
        text = ngettext("Upload 1 work with %(count)s image", "Upload 1 work with %(count)s images", count);
      }
      return format(text, { count });
    },
    summary(cards, batch) {
      if (!batch.work) return gettext("Nothing saved: the work was refused.");
      const extras = cards.filter((card) => card.role === "extra");
      const saved = extras.filter((card) => card.state === "saved").length;
      const text = ngettext(
        "“%(title)s” saved, with %(saved)s of %(count)s more image.",
        "“%(title)s” saved, with %(saved)s of %(count)s more images.",
        extras.length,
      );
      return format(text, { title: batch.work.title, saved, count: extras.length });
    },
  },
};

/* The choice between the modes, shown when two or more files are chosen: native radio
 * buttons in a fieldset, so arrow keys move between them and a screen reader names the group.
 * The one-work choice needs the server's limit (data-max-extra-images) and its refusal of
 * more files (data-too-many-for-one-work); a page without them offers separate works only. */
function modeChoice(form) {
  const maxExtras = Number(form.dataset.maxExtraImages);
  const tooMany = form.dataset.tooManyForOneWork;
  if (!maxExtras || !tooMany) return null;
  const fieldset = element("fieldset", { class: "upload-mode" });
  const help = element(
    "small",
    { id: "upload-mode-help" },
    format(
      ngettext(
        "As one work, the first file is the work and the others are more images of it: at most " +
          "%(count)s image for one work.",
        "As one work, the first file is the work and the others are more images of it: at most " +
          "%(count)s images for one work.",
        maxExtras + 1,
      ),
      { count: maxExtras + 1 },
    ),
  );
  // Stays in the page while empty, so screen readers announce what is written into it.
  const error = element("p", { id: "upload-mode-error", class: "upload-mode-error", "aria-live": "polite" });
  fieldset.setAttribute("aria-describedby", `${help.id} ${error.id}`);
  fieldset.append(element("legend", {}, pgettext("how the chosen files are saved", "Save as")));
  const radios = {};
  const labels = {};
  for (const [mode, text] of [
    ["separate", gettext("Separate works")],
    ["one-work", gettext("One work")],
  ]) {
    const radio = element("input", { type: "radio", name: "batch_save_as", value: mode, id: `upload-mode-${mode}` });
    labels[mode] = element("label", { for: radio.id }, text);
    radios[mode] = radio;
    const option = element("div", { class: "upload-mode-option" });
    option.append(radio, labels[mode]);
    fieldset.append(option);
  }
  radios.separate.checked = true;
  fieldset.append(help, error);
  return {
    fieldset,
    radios,
    get mode() {
      return radios["one-work"].checked ? "one-work" : "separate";
    },
    reset() {
      radios.separate.checked = true;
      fieldset.disabled = false;
    },
    /* The one-work choice names its number of images; more than one work holds is refused
     * here, in the server's words, and nothing is sent. */
    update(imageCount) {
      const label = ngettext("One work with %(count)s image", "One work with %(count)s images", imageCount);
      labels["one-work"].textContent = format(label, { count: imageCount });
      const refused = this.mode === "one-work" && imageCount > maxExtras + 1;
      error.textContent = refused ? tooMany.replace("{chosen}", String(imageCount)) : "";
      fieldset.classList.toggle("is-invalid", refused);
      return refused;
    },
    focusError() {
      radios["one-work"].focus();
    },
  };
}

/* The upload form's batch: several files become cards; one file keeps the plain form. */
function batchUploads({ form, input, zone, hint, button, status, limits, singlePreview }) {
  input.multiple = true;
  hint.textContent = gettext("Or drag image files here: several files become a work each, or one work.");
  const buttonText = button.textContent;
  const list = element("ol", { class: "upload-cards", "aria-label": gettext("Files to upload") });
  const intro = element("p", { class: "upload-batch-intro" });
  const INTROS = {
    separate: gettext(
      "Each file becomes a work of its own, with its own title, alt text and description. " +
        "What you fill in below applies to all of them.",
    ),
    "one-work": gettext(
      "The first file becomes the work, with its title, alt text and description; each other " +
        "file becomes one more image of it, with its own alt text and caption. What you fill in " +
        "below applies to the work.",
    ),
  };
  const choice = modeChoice(form);
  const section = element("section", { class: "upload-batch", hidden: "" });
  section.append(...(choice ? [choice.fieldset] : []), intro, list);
  zone.after(section);
  const perWork = PER_WORK_FIELDS.map((name) => form.querySelector(`.field-${name}`)).filter(Boolean);

  let cards = [];
  const batch = {
    active: false,
    stopped: "",
    work: null, // the saved work of a one-work batch, as the upload view answered it
    get mode() {
      return choice ? choice.mode : "separate";
    },
    action: new URL(form.getAttribute("action") || "", document.baseURI).href,
    /* The shared fields, as the form holds them now, without the per-work ones. */
    shared() {
      const data = new FormData(form);
      for (const name of ["image", "batch_save_as", ...PER_WORK_FIELDS]) data.delete(name);
      return Array.from(data.entries());
    },
    csrfToken() {
      const token = form.querySelector('input[name="csrfmiddlewaretoken"]');
      return token ? token.value : "";
    },
    /* The cards that can be sent: not refused before sending. */
    sendable() {
      return cards.filter((card) => card.state !== "refused-here");
    },
    /* In one-work mode, the first card that can be sent is the work. */
    workCard() {
      return batch.sendable()[0];
    },
    /* Take the files on the input: true when they are a batch (the cards show). */
    take(files) {
      for (const card of cards) card.forget();
      cards = [];
      batch.stopped = "";
      batch.work = null;
      if (choice) choice.reset();
      batch.active = files.length > 1;
      section.hidden = !batch.active;
      for (const wrapper of perWork) {
        // Hidden and disabled: not checked by the browser, not sent with the shared fields.
        wrapper.hidden = batch.active;
        for (const control of wrapper.querySelectorAll("input, textarea, select")) {
          control.disabled = batch.active;
        }
      }
      if (!batch.active) {
        button.textContent = buttonText;
        button.hidden = false;
        return false;
      }
      singlePreview.hidden = true;
      status.textContent = "";
      cards = files.map((file) => makeCard(file, limits));
      list.replaceChildren(...cards.map((card) => card.item));
      Promise.all(cards.map((card) => card.check)).then(update);
      update();
      return true;
    },
    async send() {
      await Promise.all(cards.map((card) => card.check));
      update();
      if (choice && choice.update(batch.sendable().length)) {
        choice.focusError();
        return;
      }
      const toSend = cards.filter((card) => card.state === "waiting" || card.state === "refused");
      if (!toSend.length) return;
      const mode = BATCH_MODES[batch.mode];
      batch.stopped = "";
      if (choice) choice.fieldset.disabled = true;
      const uploading = ngettext("Uploading %(count)s file…", "Uploading %(count)s files…", toSend.length);
      status.textContent = format(uploading, { count: toSend.length });
      await mode.send(toSend, batch);
      const summary = [`${mode.summary(cards, batch)} `];
      if (form.dataset.myArtworksUrl) {
        summary.push(element("a", { href: form.dataset.myArtworksUrl }, gettext("See My artworks")));
      }
      status.replaceChildren(...summary);
      update();
      // The member reads the outcome first: the first card that was refused, else the summary.
      const firstRefused = cards.find((card) => card.state === "refused");
      const focusTarget = firstRefused ? firstRefused.inputs.alt_text : status;
      if (focusTarget === status) status.setAttribute("tabindex", "-1");
      focusTarget.focus();
    },
  };

  /* The cards' roles, the choice, the intro and the button, after any change. */
  function update() {
    if (!batch.active) return;
    const anySaved = cards.some((card) => card.state === "saved");
    // Once something is saved the batch keeps its mode: what was saved cannot change shape.
    if (choice) choice.fieldset.disabled = anySaved;
    const oneWork = batch.mode === "one-work";
    intro.textContent = INTROS[batch.mode];
    if (!anySaved) {
      const sendable = batch.sendable();
      sendable.forEach((card, index) => {
        if (!oneWork) card.setRole("own-work");
        else if (index === 0) card.setRole("work", gettext("The work: its main image."));
        else card.setRole("extra", format(gettext("Image %(number)s of the work."), { number: index + 1 }));
      });
      if (choice) choice.update(sendable.length);
    }
    const waiting = cards.filter((card) => ["waiting", "checking", "refused"].includes(card.state));
    const retrying = cards.some((card) => card.state === "refused");
    button.hidden = waiting.length === 0;
    button.textContent = BATCH_MODES[batch.mode].buttonText(waiting, retrying, batch);
  }

  if (choice) {
    for (const radio of Object.values(choice.radios)) radio.addEventListener("change", update);
  }

  return batch;
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
