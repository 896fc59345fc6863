/*
 * One way to count words, for the browser and the server alike (the server requires this file):
 * a word is a run of letters, marks or digits, joined by an apostrophe or a hyphen inside it
 * ("l'homme", "post-2015" are one word each). In the page, every textarea with
 * data-word-limit gets a live count beside it; without JavaScript the server still counts.
 */
(function (root) {
  'use strict';
  var WORD = /[\p{L}\p{M}\p{N}]+(?:['\u2019\-][\p{L}\p{M}\p{N}]+)*/gu;

  function countWords(text) {
    var found = String(text || '').match(WORD);
    return found ? found.length : 0;
  }

  if (typeof module === 'object' && module.exports) {
    module.exports = { countWords: countWords };
    return;
  }
  root.countWords = countWords;

  function attach(area) {
    var output = document.getElementById(area.getAttribute('data-word-count'));
    if (!output) return;
    var limit = Number(area.getAttribute('data-word-limit'));
    var template = output.getAttribute('data-template') || '{words} / {wordLimit}';
    function update() {
      var count = countWords(area.value);
      output.textContent = template.replace('{words}', count).replace('{wordLimit}', limit);
      output.classList.toggle('over-limit', count > limit);
    }
    output.hidden = false;
    area.addEventListener('input', update);
    update();
  }

  document.addEventListener('DOMContentLoaded', function () {
    var areas = document.querySelectorAll('textarea[data-word-limit]');
    for (var i = 0; i < areas.length; i++) attach(areas[i]);
  });
})(this);
