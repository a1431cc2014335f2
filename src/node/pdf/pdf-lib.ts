import { createRequire } from 'node:module';
import type * as PdfLib from 'pdf-lib';

/**
 * pdf-lib by require(), not import: an ES import of this CommonJS package first scans its files
 * for their export names (Node's CJS lexer), which doubles its load time (~0.1 s of CPU here).
 */
const lib = createRequire(import.meta.url)('pdf-lib') as typeof PdfLib;

export const { ParseSpeeds, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef } = lib;
export type PDFDict = PdfLib.PDFDict;
export type PDFDocument = PdfLib.PDFDocument;
export type PDFHexString = PdfLib.PDFHexString;
export type PDFName = PdfLib.PDFName;
export type PDFNumber = PdfLib.PDFNumber;
export type PDFRef = PdfLib.PDFRef;
