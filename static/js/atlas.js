// Progressive enhancement only: every page works without this script.
(() => {
    // Filter forms marked data-autosubmit apply a select's change at once; the submit button stays
    // for keyboard and no-JS users, and text search still waits for Enter.
    document.querySelectorAll("form[data-autosubmit]").forEach((form) => {
        form.querySelectorAll("select").forEach((select) => {
            select.addEventListener("change", () => form.requestSubmit());
        });
    });

    // On small screens the filters sit above the results: after a filter change the new page
    // opens at the results (the form's target carries #results), not at the filters, where the
    // change seemed to do nothing. A GET form keeps its action's fragment.
    const small = window.matchMedia("(max-width: 59.99rem)");
    document.querySelectorAll("form[data-results-anchor]").forEach((form) => {
        form.addEventListener("submit", () => {
            if (!small.matches) return;
            const target = new URL(form.action, window.location.href);
            target.hash = form.dataset.resultsAnchor;
            form.action = target.href;
        });
    });

    // On small screens the filters start folded so the results come first, unless some are active.
    if (small.matches) {
        document.querySelectorAll("details[data-collapse-on-small]").forEach((details) => {
            if (!details.querySelector(".filters-disclosure__count")) details.removeAttribute("open");
        });
    }
})();
