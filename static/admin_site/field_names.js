// Names for the search boxes Django's autocomplete widgets (select2) put over their <select>: select2
// labels its box by the chosen value only, so an empty box, or the typing area of a multiple choice, has
// no name for assistive technology. Each takes the name of the <select> it stands for.
"use strict";
(function () {
    function selectName(select) {
        if (select.getAttribute("aria-label")) {
            return select.getAttribute("aria-label");
        }
        const label = select.id && document.querySelector(`label[for="${select.id}"]`);
        return label ? label.textContent.replace(/:\s*$/, "").trim() : select.name;
    }

    function nameBoxes(root) {
        root.querySelectorAll("select.admin-autocomplete").forEach((select) => {
            const container = select.nextElementSibling;
            if (!container || !container.classList.contains("select2")) {
                return;
            }
            const name = selectName(select);
            const chosen = [...select.selectedOptions].map((option) => option.textContent.trim()).join(", ");
            // A multiple choice lists its chosen values in a <ul> that also holds the typing area, which a
            // list may not; it is read as plain content.
            container.querySelectorAll("ul.select2-selection__rendered").forEach((list) => {
                list.setAttribute("role", "none");
                list.querySelectorAll(":scope > li").forEach((item) => item.setAttribute("role", "none"));
            });
            const boxes = ".select2-selection, span.select2-selection__rendered, .select2-search__field";
            container.querySelectorAll(boxes).forEach((box) => {
                // The chosen value is part of the name: aria-labelledby (the value alone) is replaced.
                box.setAttribute("aria-label", chosen ? `${name}: ${chosen}` : name);
                box.removeAttribute("aria-labelledby");
            });
        });
    }

    // After Django's autocomplete.js has set up its boxes: jQuery runs ready callbacks in the order given.
    if (window.django && window.django.jQuery) {
        window.django.jQuery(() => nameBoxes(document));
    } else {
        window.addEventListener("load", () => nameBoxes(document));
    }
    document.addEventListener("formset:added", (event) => setTimeout(() => nameBoxes(event.target), 0));
    // select2 redraws the typing area of a multiple choice after each change.
    document.addEventListener("change", (event) => {
        if (event.target.matches && event.target.matches("select.admin-autocomplete")) {
            setTimeout(() => nameBoxes(event.target.parentElement), 0);
        }
    });
})();
