import { stringify } from 'csv-stringify/sync';

/**
 * Leading characters that make Excel, LibreOffice Calc or Google Sheets read a cell as a
 * formula (OWASP "CSV injection"): `=`, `+`, `-`, `@`, tab and carriage return.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell as a spreadsheet must show it: text that would start a formula gets a leading
 * single quote, the OWASP remedy, so an auditor opening an export never runs what a user typed
 * (`=HYPERLINK(…)` as a display name). Other text is left exactly as it is.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * CSV for people to open in a spreadsheet: every text cell neutralised. Numbers stay numbers
 * (a negative count is not a formula), booleans and empty cells as csv-stringify writes them.
 */
export function spreadsheetCsv(rows: ReadonlyArray<readonly unknown[]>): string {
  return stringify(rows.map((row) => [...row]), { cast: { string: neutraliseFormula } });
}
