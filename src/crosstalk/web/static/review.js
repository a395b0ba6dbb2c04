// Review pages: keyboard shortcuts for the common actions and click-to-unblur images.
(function () {
  "use strict";
  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
  }
  document.addEventListener("click", function (ev) {
    var img = ev.target.closest && ev.target.closest("img.blurred");
    if (img) { img.classList.remove("blurred"); ev.preventDefault(); }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(document.activeElement)) { return; }
    var view = document.querySelector("[data-testid=review-item]");
    if (!view) { return; }
    if (ev.key === "Enter" && document.activeElement && document.activeElement.matches("img.blurred")) {
      document.activeElement.classList.remove("blurred");
      return;
    }
    if (ev.key === "j" && view.dataset.next) { window.location.href = view.dataset.next; return; }
    if (ev.key === "k" && view.dataset.prev) { window.location.href = view.dataset.prev; return; }
    var button = view.querySelector("button[data-key='" + ev.key + "']");
    if (button) {
      ev.preventDefault();
      var form = button.form;
      var clause = form && form.querySelector("select[name=clause_id]");
      if (clause && !clause.value && button.value !== "restore") { clause.focus(); return; }
      button.click();
    }
  });
})();
