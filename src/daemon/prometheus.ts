// A minimal Prometheus text-format (0.0.4) registry: counters, gauges and histograms with labels.
// Enough for one /metrics page; not worth a dependency.

type Labels = Record<string, string>;

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const escapeHelp = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

function labelText(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  if (extra) pairs.push(`${extra[0]}="${escapeLabel(extra[1])}"`);
  return pairs.length ? `{${pairs.join(',')}}` : '';
}

function num(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

abstract class Family<V> {
  protected readonly series = new Map<string, { labels: Labels; value: V }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {}

  protected entry(labels: Labels, init: () => V): { labels: Labels; value: V } {
    const ordered: Labels = {};
    for (const n of this.labelNames) ordered[n] = labels[n] ?? '';
    const key = JSON.stringify(ordered);
    let e = this.series.get(key);
    if (!e) this.series.set(key, (e = { labels: ordered, value: init() }));
    return e;
  }

  abstract readonly type: 'counter' | 'gauge' | 'histogram';
  protected abstract lines(): string[];

  render(): string {
    return [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`, ...this.lines()].join('\n');
  }
}

export class Counter extends Family<number> {
  readonly type = 'counter';
  inc(labels: Labels = {}, by = 1): void {
    this.entry(labels, () => 0).value += by;
  }
  /** Make a series visible at 0 before anything happened (so rate() and alerts see it). */
  touch(labels: Labels = {}): void {
    this.entry(labels, () => 0);
  }
  protected lines(): string[] {
    return [...this.series.values()].map((e) => `${this.name}${labelText(e.labels)} ${num(e.value)}`);
  }
}

export class Gauge extends Family<number> {
  readonly type = 'gauge';
  set(labels: Labels, value: number): void {
    this.entry(labels, () => 0).value = value;
  }
  protected lines(): string[] {
    return [...this.series.values()].map((e) => `${this.name}${labelText(e.labels)} ${num(e.value)}`);
  }
}

export class Histogram extends Family<{ buckets: number[]; sum: number; count: number }> {
  readonly type = 'histogram';
  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    private readonly bounds: readonly number[],
  ) {
    super(name, help, labelNames);
  }
  observe(labels: Labels, value: number): void {
    const e = this.entry(labels, () => ({ buckets: this.bounds.map(() => 0), sum: 0, count: 0 }));
    this.bounds.forEach((b, i) => {
      if (value <= b) e.value.buckets[i]++;
    });
    e.value.sum += value;
    e.value.count++;
  }
  protected lines(): string[] {
    const out: string[] = [];
    for (const e of this.series.values()) {
      this.bounds.forEach((b, i) => out.push(`${this.name}_bucket${labelText(e.labels, ['le', num(b)])} ${e.value.buckets[i]}`));
      out.push(`${this.name}_bucket${labelText(e.labels, ['le', '+Inf'])} ${e.value.count}`);
      out.push(`${this.name}_sum${labelText(e.labels)} ${num(e.value.sum)}`);
      out.push(`${this.name}_count${labelText(e.labels)} ${e.value.count}`);
    }
    return out;
  }
}

export class Registry {
  private readonly families: { render(): string }[] = [];
  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter(name, help, labelNames));
  }
  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.add(new Gauge(name, help, labelNames));
  }
  histogram(name: string, help: string, labelNames: readonly string[], bounds: readonly number[]): Histogram {
    return this.add(new Histogram(name, help, labelNames, bounds));
  }
  private add<F extends { render(): string }>(f: F): F {
    this.families.push(f);
    return f;
  }
  render(): string {
    return this.families.map((f) => f.render()).join('\n') + '\n';
  }
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
