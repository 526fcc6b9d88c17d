// After a failed save: move to the error summary, and make each of its links focus the field it names.
// Without JavaScript the links still jump to the field (they are plain #id links).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
    const summary = document.getElementById("error-summary");
    if (!summary) {
        return;
    }
    summary.focus();
    summary.addEventListener("click", (event) => {
        const link = event.target.closest("a[href^='#']");
        const target = link && document.getElementById(link.hash.slice(1));
        if (!target) {
            return;
        }
        event.preventDefault();
        const details = target.closest("details");
        if (details) {
            details.open = true;
        }
        // An autocomplete's <select> is hidden behind its search box: focus the box instead.
        const shown = target.classList.contains("admin-autocomplete")
            ? target.parentElement.querySelector(".select2-selection") || target
            : target;
        shown.scrollIntoView({block: "center"});
        shown.focus({preventScroll: true});
        history.replaceState(null, "", link.hash);
    });
});
