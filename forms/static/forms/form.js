// Progressive enhancement only: the form works without it (the server refuses
// duplicates through the submission token). Disables "send" once clicked.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.classList.contains("request-form")) return;
  if (form.dataset.sending) { event.preventDefault(); return; }
  form.dataset.sending = "1";
  const button = form.querySelector("button[type=submit]");
  if (button) { button.setAttribute("aria-disabled", "true"); button.textContent = button.dataset.sendingLabel || button.textContent; }
});
