/** RFC 4180 rows: quoted fields may hold commas, doubled quotes and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let field: string;
    if (text[i] === '"') {
      // Slices between quotes instead of growing a string per character: the Bitext file is 3.5 MB.
      const parts: string[] = [];
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q === -1) throw new Error("CSV: unterminated quoted field");
        parts.push(text.slice(from, q));
        if (text[q + 1] === '"') {
          parts.push('"');
          from = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      field = parts.join("");
    } else {
      let end = i;
      while (end < n && text[end] !== "," && text[end] !== "\n" && text[end] !== "\r") end++;
      field = text.slice(i, end);
      i = end;
    }
    row.push(field);
    if (text[i] === ",") {
      i++;
      if (i === n) row.push("");
      continue;
    }
    if (text[i] === "\r") i++;
    if (text[i] === "\n") i++;
    rows.push(row);
    row = [];
  }
  if (row.length) rows.push(row);
  return rows;
}

/** Rows as records keyed by the header row. */
export function csvRecords(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])));
}
