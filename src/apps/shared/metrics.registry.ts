import { ValidationError } from '../../../domain/errors.js';

/** One sample of a metric: its value and the labels telling it apart from the metric's other samples. */
export interface MetricSample {
  readonly labels?: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A metric as Prometheus exposes it: read when scraped, from whoever owns the figure. */
export interface MetricDefinition {
  /** Prometheus name: `[a-zA-Z_:][a-zA-Z0-9_:]*`, prefixed `continuum_` by convention. */
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge';
  /** Called on every scrape; must be cheap and must not throw. */
  readonly collect: () => number | readonly MetricSample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * The process's metrics (one registry per process, provided globally): components register what they count
 * (projection runners, plasma sessions…) and `GET /metrics` renders them in the Prometheus text format, the
 * format operators of Kafka/ZooKeeper cells scrape. Figures are pulled at scrape time, so the hot paths only
 * bump their own counters.
 */
export class MetricsRegistry {
  private readonly metrics = new Map<string, MetricDefinition>();

  /** Adds a metric; a name given twice is a programming error (two owners for one figure). */
  register(metric: MetricDefinition): void {
    if (!NAME.test(metric.name)) throw new ValidationError(`metric name '${metric.name}' is not a Prometheus name`);
    if (this.metrics.has(metric.name)) throw new ValidationError(`metric '${metric.name}' is registered twice`);
    this.metrics.set(metric.name, metric);
  }

  /** Removes a metric (its owner is shutting down). */
  unregister(name: string): void {
    this.metrics.delete(name);
  }

  /** The Prometheus text exposition (version 0.0.4) of every metric, in registration order. */
  render(): string {
    const out: string[] = [];
    for (const m of this.metrics.values()) {
      const collected = m.collect();
      const samples = typeof collected === 'number' ? [{ value: collected }] : collected;
      out.push(`# HELP ${m.name} ${escapeHelp(m.help)}`, `# TYPE ${m.name} ${m.type}`);
      for (const s of samples) out.push(`${m.name}${renderLabels(s.labels)} ${renderValue(s.value)}`);
    }
    return out.length === 0 ? '' : `${out.join('\n')}\n`;
  }
}

function renderLabels(labels: Readonly<Record<string, string>> | undefined): string {
  if (labels === undefined) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(labels)) {
    if (!LABEL.test(k)) throw new ValidationError(`metric label name '${k}' is not a Prometheus label name`);
    parts.push(`${k}="${v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`);
  }
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function renderValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
