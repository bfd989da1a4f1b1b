// Import bookkeeping beyond 001: a stock movement keeps the reason a stock-adjust row gave
// ("Mal kabul", "Hasarlı"), and rollbacks say which job they undo.
export const up = `
ALTER TABLE stock_movements ADD COLUMN note TEXT;
`;
