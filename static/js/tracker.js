// Behaviour of the site's pages, kept out of the HTML: the Content-Security-Policy allows no inline script.

// The language menu switches as soon as a language is picked (without JavaScript, its Go button does).
document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});
