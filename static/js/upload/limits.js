/*
 * The server's limits and the browser's early judgement of a file against them: the limits as
 * the template renders them into the form's data-* attributes, the format and size checks on
 * what the browser knows of a file, and the pixel check from the image's header. The server
 * stays the judge; these only say sooner what it would say.
 */

import { format, formatSize } from "./helpers.js";

function listFrom(value) {
  return (value || "").split(",").map((item) => item.trim().toLowerCase()).filter(Boolean);
}

/* What the server would refuse, judged from what the browser knows: name, type and size.
 * Returns the message to show, or "" when the file may be sent. */
export function problemWith(file, limits) {
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
export async function pixelProblemWith(file, limits) {
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

export function limitsOf(form) {
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
