// At phone width the header's links fold behind a Menu button. Without this script they stay
// visible (and wrap), so every link works without JavaScript.
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var header = document.querySelector('.site-header');
    var button = header && header.querySelector('.menu-toggle');
    var menu = document.getElementById('site-menu');
    if (!button || !menu) return;
    header.classList.add('site-header--foldable');
    button.hidden = false;
    button.addEventListener('click', function () {
      var open = button.getAttribute('aria-expanded') !== 'true';
      button.setAttribute('aria-expanded', String(open));
      menu.classList.toggle('site-menu--open', open);
    });
  });
})();
