// reCAPTCHA v3: fetch a token just before the form is sent.
document.querySelectorAll("input[data-recaptcha-v3]").forEach((input) => {
  const form = input.form;
  form.addEventListener("submit", (event) => {
    if (input.value) return;
    event.preventDefault();
    window.grecaptcha.ready(() => {
      window.grecaptcha.execute(input.dataset.recaptchaV3, { action: input.dataset.action }).then((token) => {
        input.value = token;
        form.submit();
      });
    });
  });
});
