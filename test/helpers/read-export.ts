// Readers of export files for the tests: a small RFC 4180 parser and workbooks through exceljs.
import ExcelJS from 'exceljs';

/** Records of an RFC 4180 text (CRLF or LF line ends, quoted fields with doubled quotes). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') endField();
    else if (c === '\r' && text[i + 1] === '\n') {
      endRecord();
      i++;
    } else if (c === '\n') endRecord();
    else field += c;
  }
  if (field !== '' || record.length) endRecord();
  return records;
}

export async function readBook(file: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  return book;
}

/** A sheet's data rows (header excluded) as arrays of cell values. */
export function sheetRows(sheet: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row, n) => {
    if (n === 1) return;
    out.push((row.values as unknown[]).slice(1));
  });
  return out;
}
