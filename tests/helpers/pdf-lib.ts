import { createRequire } from 'node:module';

/**
 * pdf-lib, for the tests that read PDFs back with it, loaded by require(), not import(): Node 20
 * imports a CommonJS package through its ES module loader, which scans each of its files for export
 * names (~0.15 s more CPU for pdf-lib).
 */
export const pdfLib = createRequire(import.meta.url)('pdf-lib') as typeof import('pdf-lib');
