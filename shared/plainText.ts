// One normalisation for text that comes in from outside (case events over HTTP, Open311, the
// device API, the CLI's import and replay: they all pass the case event schema), applied before
// anything is stored, shown or masked:
//   1. what a reader sees under a right-to-left override is what is stored: a run between U+202E
//      (RLO) and U+202C (PDF, or the line's end) is reversed, so a number written backwards to show
//      forwards is stored forwards (and masked);
//   2. Unicode NFC, and every character whose compatibility form (NFKC) is Latin letters, digits or
//      @ + . - becomes that form: full-width １３８ and ＠, circled ①, mathematical 𝟏, ㎡; Chinese
//      full-width punctuation (，：（）！) stays as it is (its NFKC form is ASCII punctuation);
//   3. line and paragraph separators (U+2028, U+2029) and CR LF become a line feed, a tab a space;
//   4. every other control character (NUL, BEL, ESC … C0 and C1) and every format character
//      (zero-width spaces and joiners, the soft hyphen, BOM, bidi embeddings, overrides and
//      isolates, the Arabic letter mark) is removed: none of them is text a person typed to be read.
// What it cannot do: undo a number spelled out in words, or in another script's digits mixed with
// ours after NFKC (those are masked or not by shared/masking.ts on what this leaves).

/** U+202E RIGHT-TO-LEFT OVERRIDE up to U+202C POP DIRECTIONAL FORMATTING or the end of the line. */
const RLO_RUN = /\u202E([^\u202C\n]*)\u202C?/g;
const LINE_BREAKS = /\r\n|[\r\u2028\u2029\u0085]/g;
/** Control characters but the line feed, and every format character (Unicode category Cf). */
// (the lookbehind, after the class, looks at the character just matched: the line feed stays)
const INVISIBLE = /[\p{Cc}\p{Cf}](?<!\n)/gu;
/** Characters that may have a Latin or digit compatibility form: outside ASCII and the common CJK blocks. */
const MAYBE_COMPATIBLE = /[^\p{ASCII}\u3000-\u303f\u4e00-\u9fff]/gu;
const PLAIN_FORM = /^[0-9A-Za-z@+.-]+$/;
const compatible = (c: string) => {
  const k = c.normalize('NFKC');
  return PLAIN_FORM.test(k) ? k : c;
};

export function plainText(input: string): string {
  return input
    .replace(RLO_RUN, (_all, run: string) => [...run].reverse().join(''))
    .normalize('NFC')
    .replace(MAYBE_COMPATIBLE, compatible)
    .replace(LINE_BREAKS, '\n')
    .replace(/\t/g, ' ')
    .replace(INVISIBLE, '');
}

/** Whether `input` would change under plainText (for fields that refuse rather than clean). */
export const isPlainText = (input: string): boolean => plainText(input) === input;
