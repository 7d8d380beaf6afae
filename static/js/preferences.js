// The visitor's choice about mature work (/preferences/), applied to the page before it is
// drawn: the stylesheet shows ("show") or leaves out ("hide") every mature work. Without
// this script every mature work stays blurred, each with its own "Show" control.
const choice = document.cookie.match(/(?:^|;\s*)mature_content=(show|hide)(?:;|$)/);
if (choice) {
  document.documentElement.dataset.mature = choice[1];
}
