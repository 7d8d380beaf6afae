/*
 * The upload form's batch: several files picked or dropped at once become cards, the
 * per-work fields move onto them, the rest of the form is shared, and the chosen mode sends
 * them and sums up the outcome.
 */

import { makeCard } from "./card.js";
import { element, format } from "./helpers.js";
import { BATCH_MODES, modeChoice } from "./modes.js";

// The fields each work of a batch has its own of; the rest of the form is shared.
const PER_WORK_FIELDS = ["title", "alt_text", "description"];

/* The upload form's batch: several files become cards; one file keeps the plain form. */
export function batchUploads({ form, input, zone, hint, button, status, limits, singlePreview }) {
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
