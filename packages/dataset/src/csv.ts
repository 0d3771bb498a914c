/**
 * RFC 4180 CSV: fields separated by commas, records by CRLF or LF; a field in double quotes may hold commas, line
 * breaks and doubled quotes (""). No CSV library is a dependency, and this is all manifests need.
 */

/** One record and the line of the file it starts on (1-based), for messages. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/** Parses CSV text into records; a blank line is no record. Throws on an unclosed quote, naming its line. */
export function parseCsv(text: string, where = 'CSV'): CsvRecord[] {
  const records: CsvRecord[] = [];
  // A UTF-8 byte-order mark (Excel writes one) is not part of the first column's name.
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let fields: string[] = [];
  let field = '';
  let start = line;
  let quotedOpen = -1;
  const endRecord = (): void => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) records.push({ fields, line: start });
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const c = text[i];
    if (quotedOpen >= 0) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quotedOpen = -1;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quotedOpen = line;
      i++;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      i++;
    } else if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      start = line;
    } else {
      field += c;
      i++;
    }
  }
  if (quotedOpen >= 0) throw new Error(`${where}: line ${quotedOpen}: a quoted field is never closed`);
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}
