import type { Datapoint } from '../datapoints/datapoint.js';
import { metaPairsText } from '../output/meta-text.js';
import { tick } from '../output/point-render.js';
import type { Labels } from '../series/series.js';
import { OWNER_LABEL, PRODUCER_LABEL } from '../series/series.js';
import { jsonString } from '../text/json-string.js';
import { percentEncode } from '../text/percent.js';
import { hasElevation, hasLocation, renderLocation, renderValueJson, renderValueText } from '../text/value-render.js';

/** The formats plasma renders itself (RAW and WRAPPER need Warp 10's encoder and Thrift wrapper). */
export type RenderedFormat = 'TEXT' | 'FULLTEXT' | 'JSON';

/** One WebSocket message pushed to a session, and how many points it carries (for drop accounting). */
export interface PlasmaMessage {
  readonly text: string;
  readonly points: number;
}

/** A series as plasma prints it: class and labels (with `.owner`/`.producer`, hidden unless exposed). */
export interface PlasmaSeriesName {
  readonly className: string;
  readonly labels: Labels;
}

export interface PlasmaRenderOptions {
  readonly format: RenderedFormat;
  /** Show `.owner`/`.producer` (the session's expose flag, or `warp10.expose.owner.producer`). */
  readonly expose: boolean;
  /**
   * Longest message, in characters: 90% of `plasma.frontend.websocket.maxmessagesize` (see plasmaMessageLimit).
   * Everything rendered is ASCII (values, classes and labels are percent-encoded or JSON-escaped), so characters
   * are bytes. A single point longer than the limit still goes out alone, as in Warp 10.
   */
  readonly maxChars: number;
  /** Keeps a point (sampling); absent keeps all. Called once per point, in order. */
  readonly keep?: () => boolean;
  /**
   * The series part of every message, `seriesPrefix(series, format, expose)`, when the caller keeps it: it only
   * changes with the series, and rendering it for every chunk was a tenth of the fan-out's CPU under ingest.
   */
  readonly prefix?: string;
}

/** 90% of the WebSocket max message size, the point where Warp 10 splits pushed data. */
export function plasmaMessageLimit(maxMessageBytes: number): number {
  return Math.floor(0.9 * maxMessageBytes);
}

/**
 * Renders one stored chunk (points of one series, in the order they were written) into the messages a session
 * receives (reference §8.1): one message per chunk, split before a point would take it past `maxChars`; every
 * line ends with `\n`. TEXT: the first line of each message is `TS/LAT:LON/ELEV CLASS{LABELS} VALUE`, the
 * following `=TS/LAT:LON/ELEV VALUE`; FULLTEXT: every line is full; JSON: one array per message of
 * `{"c":…,"l":{…},"t":…,"v":…[,"lat":…,"lon":…][,"elev":…]}`. Values as §7.1 (text) and the JSON fetch output.
 * Sampled-out points are skipped; nothing at all gives no message.
 */
export function renderPlasmaChunk(series: PlasmaSeriesName, points: readonly Datapoint[], options: PlasmaRenderOptions): PlasmaMessage[] {
  return options.format === 'JSON' ? renderJson(series, points, options) : renderText(series, points, options);
}

/**
 * What every message of `series` repeats: TEXT and FULLTEXT `CLASS{LABELS}`, JSON the start of each object up to
 * its timestamp (`{"c":…,"l":{…},"t":`); `.owner`/`.producer` only when `expose`.
 */
export function seriesPrefix(series: PlasmaSeriesName, format: RenderedFormat, expose: boolean): string {
  if (format === 'JSON') return `{"c":${jsonString(series.className)},"l":${jsonLabels(series.labels, expose)},"t":`;
  return `${percentEncode(series.className)}{${metaPairsText(series.labels, false, !expose)}}`;
}

function renderText(series: PlasmaSeriesName, points: readonly Datapoint[], options: PlasmaRenderOptions): PlasmaMessage[] {
  const out: PlasmaMessage[] = [];
  const header = options.prefix ?? seriesPrefix(series, options.format, options.expose);
  const full = options.format === 'FULLTEXT';
  let text = '';
  let count = 0;
  for (const p of points) {
    if (options.keep !== undefined && !options.keep()) continue;
    const t = tick(p);
    const value = renderValueText(p.value);
    if (count > 0 && !full) {
      const line = `=${t} ${value}\n`;
      if (text.length + line.length <= options.maxChars) {
        text += line;
        count++;
        continue;
      }
    }
    const line = `${t} ${header} ${value}\n`;
    if (count > 0 && text.length + line.length > options.maxChars) {
      out.push({ text, points: count });
      text = '';
      count = 0;
    }
    text += line;
    count++;
  }
  if (count > 0) out.push({ text, points: count });
  return out;
}

function renderJson(series: PlasmaSeriesName, points: readonly Datapoint[], options: PlasmaRenderOptions): PlasmaMessage[] {
  const out: PlasmaMessage[] = [];
  const prefix = options.prefix ?? seriesPrefix(series, 'JSON', options.expose);
  let text = '';
  let count = 0;
  for (const p of points) {
    if (options.keep !== undefined && !options.keep()) continue;
    let item = `${prefix}${p.ts},"v":${renderValueJson(p.value)}`;
    if (hasLocation(p)) item += `,"lat":${renderLocation(p.geo, ',"lon":')}`;
    if (hasElevation(p)) item += `,"elev":${p.elev}`;
    item += '}';
    // +1 for the separator or the opening bracket, +1 for the closing bracket
    if (count > 0 && text.length + item.length + 2 > options.maxChars) {
      out.push({ text: `${text}]`, points: count });
      text = '';
      count = 0;
    }
    text += count === 0 ? `[${item}` : `,${item}`;
    count++;
  }
  if (count > 0) out.push({ text: `${text}]`, points: count });
  return out;
}

/** The labels as a JSON object, `.owner`/`.producer` left out unless exposed. */
function jsonLabels(labels: Labels, expose: boolean): string {
  let out = '';
  for (const [name, value] of labels) {
    if (!expose && (name === OWNER_LABEL || name === PRODUCER_LABEL)) continue;
    out += `${out === '' ? '' : ','}${jsonString(name)}:${jsonString(value)}`;
  }
  return `{${out}}`;
}
