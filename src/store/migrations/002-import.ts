// Import bookkeeping beyond 001. A stock movement keeps the note a stock-adjust row gave
// ("Mal kabul", "Hasarlı") and rollbacks say which job they undo.
// import_keys is no longer used (the keys a job has seen now live in memory and are rebuilt on
// resume by replaying the committed rows); it stays here because this migration has shipped, and
// migration 003 drops it.
export const up = `
CREATE TABLE import_keys (
  job_id     INTEGER NOT NULL,
  key        TEXT NOT NULL,
  row_number INTEGER NOT NULL,
  value      INTEGER,
  PRIMARY KEY (job_id, key)
) WITHOUT ROWID;

ALTER TABLE stock_movements ADD COLUMN note TEXT;
`;
