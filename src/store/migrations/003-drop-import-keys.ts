// import_keys (from 002) was never used once an import's seen keys moved into memory (rebuilt on
// resume by replaying the committed rows). Nothing reads or writes it, so it goes.
export const up = `
DROP TABLE IF EXISTS import_keys;
`;
