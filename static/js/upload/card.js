/*
 * One file of a batch as a card: its preview, name and size, its own fields (title, alt text,
 * description, or caption as one more image of the work), its progress, and its state from
 * checking to saved or refused, with the form data it sends.
 */

import { element, format, formatSize, withElement } from "./helpers.js";
import { pixelProblemWith, problemWith } from "./limits.js";

const TITLE_MAX_LENGTH = 120;

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

let cardsMade = 0;

/* One file's card: its preview, its own fields, its progress and what became of it. */
export function makeCard(file, limits) {
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
