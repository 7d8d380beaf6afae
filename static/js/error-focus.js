// After a refused form post, move focus to the error summary (includes/form_errors.html), so
// keyboard and screen-reader users start from what went wrong rather than the top of the page.
// Loaded only on pages that show one; without JavaScript the summary is still read as an alert.
const summary = document.querySelector(".error-summary");
if (summary) {
    // Fields the page would autofocus (allauth's username box) must not take focus back.
    for (const field of document.querySelectorAll("[autofocus]")) {
        field.removeAttribute("autofocus");
    }
    summary.focus();
}
