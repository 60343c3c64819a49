import { MetricsRegistry, type MetricSample } from './metrics.registry.js';

describe('MetricsRegistry', () => {
  it('renders counters and gauges in the Prometheus text format, pulled at render time', () => {
    const registry = new MetricsRegistry();
    let drops = 3;
    registry.register({ name: 'continuum_plasma_drops_total', help: 'Messages dropped', type: 'counter', collect: () => drops });
    registry.register({
      name: 'continuum_lag',
      help: 'Records behind\nthe log',
      type: 'gauge',
      collect: (): MetricSample[] => [
        { labels: { projection: 'store', partition: '0' }, value: 12 },
        { labels: { projection: 'a"b\\c' }, value: Infinity },
      ],
    });
    drops = 4;
    expect(registry.render()).toBe(
      [
        '# HELP continuum_plasma_drops_total Messages dropped',
        '# TYPE continuum_plasma_drops_total counter',
        'continuum_plasma_drops_total 4',
        '# HELP continuum_lag Records behind\\nthe log',
        '# TYPE continuum_lag gauge',
        'continuum_lag{projection="store",partition="0"} 12',
        'continuum_lag{projection="a\\"b\\\\c"} +Inf',
        '',
      ].join('\n'),
    );
  });

  it.each([['bad name'], ['9lives'], ['']])('refuses the metric name %j', (name) => {
    expect(() => new MetricsRegistry().register({ name, help: '', type: 'gauge', collect: () => 0 })).toThrow(/not a Prometheus name/);
  });

  it('refuses a metric registered twice, and forgets an unregistered one', () => {
    const registry = new MetricsRegistry();
    const m = { name: 'continuum_x', help: 'x', type: 'gauge', collect: () => 1 } as const;
    registry.register(m);
    expect(() => registry.register(m)).toThrow(/registered twice/);
    registry.unregister('continuum_x');
    expect(registry.render()).toBe('');
  });
});
