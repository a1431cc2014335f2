/** The three outputs of `npm run pdf`, chosen with `--only` (default: all). */
export const PDF_OUTPUTS = ['slides', 'handout', 'html'] as const;
export type PdfOutput = (typeof PDF_OUTPUTS)[number];
