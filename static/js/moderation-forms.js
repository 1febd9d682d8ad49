// After a submission with errors (or a duplicate warning), move focus to the summary so that
// keyboard and screen-reader users hear what to fix first.
const summary = document.querySelector("#error-summary, #duplicate-warning");
if (summary) {
    summary.focus();
}
