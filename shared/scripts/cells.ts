/**
 * Spreadsheet cells a shop opens in Excel or WPS: a cell starting with = + - @ (or a tab or
 * carriage return, which some readers skip before looking) would run as a formula (DESIGN §6).
 * Such text is written with a leading apostrophe, which spreadsheets show as plain text.
 */
const FORMULA_START = /^[=+\-@\t\r]/

export function protectCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}

/** Reading back what protectCell wrote: the apostrophe we added is not part of the text. */
export function unprotectCell(text: string): string {
  return text.length > 1 && text[0] === "'" && FORMULA_START.test(text.slice(1))
    ? text.slice(1)
    : text
}
