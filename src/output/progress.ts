import cliProgress from 'cli-progress';
import type { Output } from './output.js';

export interface RowProgress {
  rows: number;
  failed: number;
  estimatedTotal?: number;
}

export interface ProgressReporter {
  update(p: RowProgress): void;
  stop(): void;
}

/** A plain line at most this often when stderr is not a terminal (or CI is set). */
export const PLAIN_EVERY_MS = 5_000;

const int = (n: number) => Math.round(n).toLocaleString('en-US');

function formatSeconds(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '?';
  if (s < 60) return `${Math.ceil(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.ceil(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * Progress of a row-by-row job on stderr (never stdout): a cli-progress bar with rows done,
 * rows/s, failed rows and ETA on a terminal; otherwise a plain line at most every 5 s.
 * Returns undefined when progress is off (--no-progress, --quiet).
 */
export function createRowProgress(out: Output, label: string): ProgressReporter | undefined {
  if (!out.progressEnabled) return undefined;
  const started = Date.now();
  const rate = (rows: number) => rows / Math.max(0.001, (Date.now() - started) / 1000);

  if (out.interactiveProgress) {
    const bar = new cliProgress.SingleBar(
      {
        stream: out.stderrStream,
        format: `${label} {bar} {percentage}% | {value}/{total} rows | {speed} rows/s | {failed} failed | ETA {etaText}`,
        barsize: 24,
        hideCursor: true,
        clearOnComplete: true,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    let begun = false;
    return {
      update(p) {
        const total = Math.max(p.rows, p.estimatedTotal ?? p.rows, 1);
        const speed = rate(p.rows);
        const payload = { speed: int(speed), failed: int(p.failed), etaText: p.estimatedTotal ? formatSeconds((total - p.rows) / Math.max(speed, 1)) : '?' };
        if (!begun) {
          bar.start(total, p.rows, payload);
          begun = true;
        } else {
          bar.setTotal(total);
          bar.update(p.rows, payload);
        }
      },
      stop() {
        if (begun) bar.stop();
      },
    };
  }

  let lastLine = Date.now();
  return {
    update(p) {
      const now = Date.now();
      if (now - lastLine < PLAIN_EVERY_MS) return;
      lastLine = now;
      const speed = rate(p.rows);
      const of = p.estimatedTotal ? ` of ~${int(Math.max(p.estimatedTotal, p.rows))}` : '';
      const eta = p.estimatedTotal ? `, ETA ${formatSeconds((Math.max(p.estimatedTotal, p.rows) - p.rows) / Math.max(speed, 1))}` : '';
      out.info(`${label}: ${int(p.rows)}${of} rows, ${int(speed)} rows/s, ${int(p.failed)} failed${eta}`);
    },
    stop() {},
  };
}
