import 'reveal.js';

declare module 'reveal.js' {
  interface RevealApi {
    /**
     * True in the print view (`?print-pdf`, `?view=print`). reveal.js 6 has it at run time, but its
     * types only declare `isPrintingPDF`, which it does not implement.
     */
    isPrintView(): boolean;
  }
}
