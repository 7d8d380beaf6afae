/*
 * The upload script's small helpers, used by all its parts: making an element, placing a
 * link inside a translated sentence, filling a message's placeholders, writing a file size
 * the way the server does, and telling whether a drag carries files.
 */

export function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

/* A translated sentence with an element (a link) where its %(name)s placeholder is: the
 * pieces to append, in the order the translation puts them. */
export function withElement(message, name, node) {
  const placeholder = `%(${name})s`;
  const [before, ...after] = message.split(placeholder);
  return [before, node, after.join(placeholder)].filter((piece) => piece !== "");
}

/* A translated message with its %(name)s placeholders filled in. */
export function format(message, values) {
  return interpolate(message, values, true);
}

/* Sizes written like Django's filesizeformat, so our messages read like the server's. */
export function formatSize(bytes) {
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

export function carriesFiles(event) {
  return Boolean(event.dataTransfer) && Array.from(event.dataTransfer.types).includes("Files");
}
