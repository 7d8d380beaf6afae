/*
 * The site menu is a <details> disclosure, so it opens and closes without this script (Enter
 * or Space on "Menu"). The script adds what a menu is expected to do on top: Escape closes it
 * and puts focus back on the button, and a click or focus outside it closes it.
 */

for (const menu of document.querySelectorAll("details[data-nav-menu]")) {
  const toggle = menu.querySelector("summary");

  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.open) {
      menu.open = false;
      toggle.focus();
      event.preventDefault();
    }
  });

  const closeFromOutside = (event) => {
    if (menu.open && !menu.contains(event.target)) menu.open = false;
  };
  document.addEventListener("click", closeFromOutside);
  document.addEventListener("focusin", closeFromOutside);
}
