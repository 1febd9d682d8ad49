// Progressive enhancement only: every page works without this script.
(() => {
    // Filter forms marked data-autosubmit apply a select's change at once; the submit button stays
    // for keyboard and no-JS users, and text search still waits for Enter.
    document.querySelectorAll("form[data-autosubmit]").forEach((form) => {
        form.querySelectorAll("select").forEach((select) => {
            select.addEventListener("change", () => form.requestSubmit());
        });
    });
})();
