// The "open it again" buttons: the same address, without anything added after "?".
// (A script file, not inline, so the page's Content-Security-Policy allows no inline script.)
document.addEventListener("DOMContentLoaded", () => {
  for (const id of ["reopen", "start"]) {
    const button = document.getElementById(id);
    if (button) {
      button.addEventListener("click", () => {
        window.location.href = window.location.pathname;
      });
    }
  }
});
