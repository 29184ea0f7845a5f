// Progressive enhancement only. On narrow screens the main menu folds behind its
// button (site.css decides the width); without this script the button stays
// hidden and the menu is always open, wrapping over as many lines as it needs.
document.querySelectorAll(".main-nav .menu-toggle[aria-controls]").forEach((button) => {
  const menu = document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) return;
  const isOpen = () => button.getAttribute("aria-expanded") === "true";
  const setOpen = (open) => button.setAttribute("aria-expanded", open ? "true" : "false");
  setOpen(false);
  button.hidden = false;
  button.closest(".main-nav").classList.add("main-nav--foldable");
  button.addEventListener("click", () => setOpen(!isOpen()));
  // Escape folds an open menu and puts the focus back on its button.
  menu.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !isOpen() || button.offsetParent === null) return;
    setOpen(false);
    button.focus();
  });
});
