// Import bookkeeping beyond 001: the keys a job has seen (duplicate rows in one file, the lines
// of one order spread over many chunks) survive a crash so that `jobs resume` judges the rest of
// the file exactly as one uninterrupted run would. A job's keys are dropped when it finishes.
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
