// The very file the pages load, so that the browser and the server count alike.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const shared = require('../../public/js/word-count.js') as { countWords: (text: string) => number };

/** The number of words in `text`, as the submission form's live count shows it. */
export const countWords: (text: string) => number = shared.countWords;
