// The first schema. Never edit a migration that has shipped: add a new file and list it in index.ts.
export const up = `
CREATE TABLE products (
  sku            TEXT PRIMARY KEY,
  name           TEXT,
  barcode        TEXT,
  price          REAL,
  list_price     REAL,
  currency       TEXT,
  vat_rate       REAL,
  brand          TEXT,
  category       TEXT,
  description    TEXT,
  weight         REAL,
  attributes     TEXT,               -- JSON object of extra columns
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  created_by_job INTEGER REFERENCES import_jobs(id) ON DELETE SET NULL,
  updated_by_job INTEGER REFERENCES import_jobs(id) ON DELETE SET NULL
);
CREATE INDEX products_barcode ON products(barcode);

CREATE TABLE stock (
  sku        TEXT NOT NULL REFERENCES products(sku) ON DELETE CASCADE,
  warehouse  TEXT NOT NULL,
  quantity   INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (sku, warehouse)
) WITHOUT ROWID;

-- Every change of a stock quantity, with its source (an import job or a sync run).
CREATE TABLE stock_movements (
  id         INTEGER PRIMARY KEY,
  sku        TEXT NOT NULL,
  warehouse  TEXT NOT NULL,
  delta      INTEGER NOT NULL,
  quantity_before INTEGER,
  quantity_after  INTEGER NOT NULL,
  reason     TEXT NOT NULL,         -- import | adjust | rollback | manual
  job_id     INTEGER REFERENCES import_jobs(id) ON DELETE SET NULL,
  run_id     INTEGER REFERENCES sync_runs(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX stock_movements_sku ON stock_movements(sku, warehouse);
CREATE INDEX stock_movements_job ON stock_movements(job_id);

CREATE TABLE customers (
  id          INTEGER PRIMARY KEY,
  code        TEXT UNIQUE,          -- customer number / e-mail / phone: whatever identifies them in the source
  name        TEXT NOT NULL,
  email       TEXT,
  phone       TEXT,
  address     TEXT,
  district    TEXT,
  city        TEXT,
  postal_code TEXT,
  country     TEXT,
  tax_number  TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  created_by_job INTEGER REFERENCES import_jobs(id) ON DELETE SET NULL
);

CREATE TABLE orders (
  id            INTEGER PRIMARY KEY,
  order_no      TEXT NOT NULL UNIQUE,
  customer_id   INTEGER REFERENCES customers(id) ON DELETE SET NULL,
  order_date    TEXT,
  status        TEXT,
  channel       TEXT,
  currency      TEXT,
  total         REAL,
  ship_name     TEXT,
  ship_phone    TEXT,
  ship_address  TEXT,
  ship_district TEXT,
  ship_city     TEXT,
  ship_postal_code TEXT,
  ship_country  TEXT,
  notes         TEXT,
  -- shipment (filled by shipments create / shipments sync, or imported)
  carrier             TEXT,
  carrier_key         TEXT,
  tracking_number     TEXT,
  tracking_url        TEXT,
  shipment_status     TEXT,         -- normalised: created, in_transit, ..., unknown
  carrier_status_code TEXT,
  carrier_status      TEXT,
  shipment_created_at TEXT,
  shipment_checked_at TEXT,
  delivered_at        TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  created_by_job INTEGER REFERENCES import_jobs(id) ON DELETE SET NULL,
  updated_by_job INTEGER REFERENCES import_jobs(id) ON DELETE SET NULL
);
CREATE INDEX orders_carrier_key ON orders(carrier, carrier_key);
CREATE INDEX orders_shipment_status ON orders(shipment_status);

CREATE TABLE order_lines (
  id         INTEGER PRIMARY KEY,
  order_id   INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  line_no    INTEGER NOT NULL,
  sku        TEXT NOT NULL,
  name       TEXT,
  quantity   INTEGER NOT NULL,
  unit_price REAL,
  vat_rate   REAL,
  UNIQUE (order_id, line_no)
);
CREATE INDEX order_lines_sku ON order_lines(sku);

CREATE TABLE shipment_events (
  id          INTEGER PRIMARY KEY,
  order_id    INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  carrier     TEXT NOT NULL,
  status      TEXT NOT NULL,
  carrier_code TEXT,
  message     TEXT,
  location    TEXT,
  occurred_at TEXT,
  recorded_at TEXT NOT NULL,
  UNIQUE (order_id, carrier, occurred_at, carrier_code, message)
);

CREATE TABLE shipment_runs (
  id          INTEGER PRIMARY KEY,
  carrier     TEXT NOT NULL,
  kind        TEXT NOT NULL,        -- track | create
  status      TEXT NOT NULL,        -- running | completed | completed_with_errors | failed | cancelled
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  checked     INTEGER NOT NULL DEFAULT 0,
  changed     INTEGER NOT NULL DEFAULT 0,
  errors      INTEGER NOT NULL DEFAULT 0,
  error       TEXT
);

CREATE TABLE import_jobs (
  id          INTEGER PRIMARY KEY,
  status      TEXT NOT NULL,        -- running | completed | completed_with_errors | failed | cancelled
  type        TEXT NOT NULL,
  template    TEXT,
  file        TEXT NOT NULL,
  file_size   INTEGER,
  file_hash   TEXT,
  sheet       TEXT,
  header_row  INTEGER,
  options     TEXT,                 -- JSON: chunkSize, warehouse, onExisting, limit, ...
  rows_total  INTEGER NOT NULL DEFAULT 0,
  inserted    INTEGER NOT NULL DEFAULT 0,
  updated     INTEGER NOT NULL DEFAULT 0,
  unchanged   INTEGER NOT NULL DEFAULT 0,
  skipped     INTEGER NOT NULL DEFAULT 0,
  failed      INTEGER NOT NULL DEFAULT 0,
  last_row    INTEGER NOT NULL DEFAULT 0, -- last sheet row whose chunk is committed (resume point)
  pid         INTEGER,
  host        TEXT,
  heartbeat_at TEXT,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  error       TEXT,
  rolled_back_at TEXT
);
CREATE INDEX import_jobs_hash ON import_jobs(file_hash);

CREATE TABLE import_errors (
  id         INTEGER PRIMARY KEY,
  job_id     INTEGER NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
  sheet      TEXT,
  row_number INTEGER NOT NULL,
  column     TEXT,
  raw_value  TEXT,
  reason     TEXT NOT NULL,
  row_data   TEXT                   -- JSON array of the row's original cells, for the errors workbook
);
CREATE INDEX import_errors_job ON import_errors(job_id, row_number);

-- What each job changed, with the value before, so that rollback can restore it.
CREATE TABLE import_changes (
  id        INTEGER PRIMARY KEY,
  job_id    INTEGER NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
  entity    TEXT NOT NULL,          -- product | stock | order | customer
  key       TEXT NOT NULL,          -- sku, sku|warehouse, order_no, customer code
  before    TEXT,                   -- JSON of the row before (NULL: it did not exist)
  after     TEXT
);
CREATE INDEX import_changes_job ON import_changes(job_id);
CREATE INDEX import_changes_key ON import_changes(entity, key);

CREATE TABLE sync_runs (
  id             INTEGER PRIMARY KEY,
  channel        TEXT NOT NULL,
  channel_type   TEXT NOT NULL,
  mode           TEXT NOT NULL,     -- push | dry-run | check
  status         TEXT NOT NULL,     -- running | completed | completed_with_errors | refused | drift | failed | cancelled
  started_at     TEXT NOT NULL,
  finished_at    TEXT,
  total_products INTEGER NOT NULL DEFAULT 0,
  found          INTEGER NOT NULL DEFAULT 0,
  not_found      INTEGER NOT NULL DEFAULT 0,
  untracked      INTEGER NOT NULL DEFAULT 0,
  changes        INTEGER NOT NULL DEFAULT 0,
  updated        INTEGER NOT NULL DEFAULT 0,
  unchanged      INTEGER NOT NULL DEFAULT 0,
  errors         INTEGER NOT NULL DEFAULT 0,
  pending        INTEGER NOT NULL DEFAULT 0,
  requests       INTEGER NOT NULL DEFAULT 0,
  error          TEXT,
  options        TEXT               -- JSON: skus, maxChanges, force, trigger (cli | daemon)
);
CREATE INDEX sync_runs_channel ON sync_runs(channel, id);

CREATE TABLE sync_items (
  id         INTEGER PRIMARY KEY,
  run_id     INTEGER NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
  sku        TEXT NOT NULL,
  remote     INTEGER,
  target     INTEGER,
  delta      INTEGER,
  price      REAL,
  list_price REAL,
  ref        TEXT,                  -- JSON: the adapter's handle
  state      TEXT NOT NULL,         -- planned | sending | applied | failed | unknown | pending | replanned | skipped
  batch_id   TEXT,
  error      TEXT,
  updated_at TEXT NOT NULL,
  UNIQUE (run_id, sku)
);
CREATE INDEX sync_items_state ON sync_items(run_id, state);

-- Cross-process locks (daemon vs manual runs); expired locks are taken over.
CREATE TABLE locks (
  name        TEXT PRIMARY KEY,
  owner_pid   INTEGER NOT NULL,
  owner_host  TEXT NOT NULL,
  purpose     TEXT,
  acquired_at TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL,
  expires_at  TEXT NOT NULL
);

-- When each schedule last ran, for catch-up after a restart.
CREATE TABLE schedule_runs (
  id          INTEGER PRIMARY KEY,
  schedule    TEXT NOT NULL,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  status      TEXT NOT NULL,        -- running | success | failure | skipped
  exit_code   INTEGER,
  summary     TEXT
);
CREATE INDEX schedule_runs_schedule ON schedule_runs(schedule, id);

-- Small facts adapters cache (e.g. a Wix site's catalog version).
CREATE TABLE kv (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
`;
