/*
 * The ways a batch is saved: each file as its own work, or the first as the work and the
 * others as its more images. Each mode sends the cards and words the batch's button and
 * outcome; the choice between them is a group of radio buttons with the server's limit.
 */

import { element, format } from "./helpers.js";
import { extraRefusalFrom, post, refusalFrom } from "./requests.js";

/* How the cards of a batch are saved. Each mode takes the cards still to send and the batch
 * (its shared fields, its addresses, its stop) and saves them; it also words the batch's
 * upload button and its outcome. "separate" makes each file its own work through the upload
 * form's address; "one-work" makes the first file the work and adds the others to it as its
 * more images, in order. */
export const BATCH_MODES = {
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
export function modeChoice(form) {
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
