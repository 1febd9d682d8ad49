// Progressive enhancement only: every page works without this script.
(() => {
    // Filter forms marked data-autosubmit apply a select's change at once; the submit button stays
    // for keyboard and no-JS users, and text search still waits for Enter.
    document.querySelectorAll("form[data-autosubmit]").forEach((form) => {
        form.querySelectorAll("select").forEach((select) => {
            select.addEventListener("change", () => form.requestSubmit());
        });
    });

    // On small screens the filters start folded so the results come first, unless some are active.
    if (window.matchMedia("(max-width: 59.99rem)").matches) {
        document.querySelectorAll("details[data-collapse-on-small]").forEach((details) => {
            if (!details.querySelector(".filters-disclosure__count")) details.removeAttribute("open");
        });
    }
})();
