// <dimension ref="A1:H200001">: where producers say how big a sheet is (before its rows, so it is known early).

/** Rows spanned by a dimension reference: `A1:H200001` → 200001, `B3:C10` → 8, `A1` → 1. */
export function rowsInDimension(ref: string): number | undefined {
  const m = /^\$?[A-Za-z]*\$?(\d+)(?::\$?[A-Za-z]*\$?(\d+))?$/.exec(ref.trim());
  if (!m) return undefined;
  const first = Number(m[1]);
  const last = m[2] === undefined ? first : Number(m[2]);
  return last >= first ? last - first + 1 : undefined;
}

/** The ref attribute of a <dimension> tag's attribute text. */
export function dimensionRef(attributes: string): string | undefined {
  const ref = /\bref\s*=\s*["']([^"']*)["']/.exec(attributes);
  return ref && ref[1] !== '' ? ref[1] : undefined;
}
