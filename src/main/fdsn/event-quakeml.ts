/**
 * QuakeML 1.2 (the fdsnws-event `format=xml` answer) to FdsnEvent: each event's preferred origin
 * and preferred magnitude (the first one when the preference is missing).
 *
 * Why fast-xml-parser and not seisplotjs: measured with seisplotjs 3.2.2 on Node 20 (issue 5), its
 * Node entry touches DOM globals at import and its QuakeML parser needs a DOMParser, which Node
 * lacks; fast-xml-parser is pure JS, works in Node, a worker and the renderer alike, and parses
 * the 927 KB ComCat test file in milliseconds. Namespace prefixes are dropped (IRIS writes
 * `iris:catalog`, ANSS `catalog:datasource`), so elements are found by local name.
 *
 * Depth: QuakeML 1.2 says metres, and ComCat, ISC and today's IRIS fdsnws write metres. The old
 * IRIS ws/event service (publicIDs 'smi:www.iris.edu/ws/event/…') wrote kilometres; its answers
 * are recognised by that prefix and their depths taken as km, with a note.
 */
import { XMLParser } from 'fast-xml-parser';
import { ForeseisError } from '../../shared/errors';
import { parseEventTimeUs } from './event-time';
import type { FdsnEvent, ParsedEvents } from './event-types';

const BED_1_2 = 'http://quakeml.org/xmlns/bed/1.2';
const IRIS_LEGACY_PREFIX = 'smi:www.iris.edu/ws/event';

type Node = Record<string, unknown>;

const ARRAY_ELEMENTS = new Set(['event', 'origin', 'magnitude', 'description']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ARRAY_ELEMENTS.has(name),
});

function asNode(v: unknown): Node | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : undefined;
}

function asNodes(v: unknown): Node[] {
  return Array.isArray(v) ? v.map(asNode).filter((n): n is Node => n !== undefined) : [];
}

/** Text of an element: a plain string, or '#text' when the element also has attributes. */
function text(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number') return String(v);
  const n = asNode(v);
  if (n && '#text' in n) return text(n['#text']);
  return null;
}

/** QuakeML RealQuantity / TimeQuantity: <x><value>…</value></x>. */
function quantity(parent: Node | undefined, name: string): string | null {
  return text(asNode(parent?.[name])?.value);
}

function num(s: string | null): number | null {
  if (s === null) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function attr(n: Node | undefined, name: string): string | null {
  const v = n?.[`@_${name}`];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

function byPublicId(list: Node[], id: string | null): Node | undefined {
  return (id !== null ? list.find((n) => attr(n, 'publicID') === id) : undefined) ?? list[0];
}

/** The default namespace and QuakeML version declared on the document, read before prefixes are dropped. */
function checkVersion(xml: string): void {
  const head = xml.slice(0, 4000);
  if (/xmlns(?::\w+)?="http:\/\/quakeml\.org\/xmlns\/quakeml\/1\.0"/.test(head) && !head.includes(BED_1_2)) {
    throw new ForeseisError(
      'bad-input',
      'QuakeML 1.0 (the 2008 NERIES/EMSC schema) is not supported: fdsnws-event services answer QuakeML 1.2; ask the service for format=xml, or convert the file with ObsPy',
    );
  }
  if (!head.includes(BED_1_2)) {
    throw new ForeseisError('bad-input', `not a QuakeML 1.2 document (no ${BED_1_2} namespace)`);
  }
}

export function parseQuakeml(xml: string): ParsedEvents {
  checkVersion(xml);
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (err) {
    throw new ForeseisError('bad-input', `QuakeML is not well-formed XML: ${(err as Error).message.split('\n')[0]}`);
  }
  const params = asNode(asNode(doc.quakeml)?.eventParameters);
  if (!params) throw new ForeseisError('bad-input', 'QuakeML has no eventParameters element');
  const events: FdsnEvent[] = [];
  const notes: string[] = [];
  let legacyDepths = 0;
  for (const ev of asNodes(params.event)) {
    const publicId = attr(ev, 'publicID');
    if (publicId === null) throw new ForeseisError('bad-input', 'QuakeML event without a publicID');
    const origin = byPublicId(asNodes(ev.origin), text(ev.preferredOriginID));
    const magnitude = byPublicId(asNodes(ev.magnitude), text(ev.preferredMagnitudeID));
    if (!origin) {
      notes.push(`event ${publicId} has no origin: skipped`);
      continue;
    }
    const timeText = quantity(origin, 'time');
    const originTimeUs = timeText === null ? null : parseEventTimeUs(timeText);
    const latitudeDeg = num(quantity(origin, 'latitude'));
    const longitudeDeg = num(quantity(origin, 'longitude'));
    if (originTimeUs === null || latitudeDeg === null || longitudeDeg === null) {
      throw new ForeseisError('bad-input', `event ${publicId}: its preferred origin lacks a readable time, latitude or longitude`);
    }
    const depth = num(quantity(origin, 'depth'));
    const legacyIris = publicId.startsWith(IRIS_LEGACY_PREFIX);
    if (legacyIris && depth !== null) legacyDepths++;
    const originInfo = asNode(origin.creationInfo);
    const description = asNodes(ev.description);
    const region = description.find((d) => text(d.type) === 'Flinn-Engdahl region') ?? description.find((d) => text(d.type) === 'earthquake name') ?? description[0];
    events.push({
      publicId,
      originTimeUs,
      latitudeDeg,
      longitudeDeg,
      depthKm: depth === null ? null : legacyIris ? depth : depth / 1000,
      magnitude: num(quantity(magnitude, 'mag')),
      magnitudeType: text(magnitude?.type),
      catalogue: attr(origin, 'catalog') ?? attr(origin, 'datasource') ?? attr(ev, 'datasource'),
      contributor: attr(origin, 'contributor') ?? attr(origin, 'eventsource') ?? attr(ev, 'eventsource'),
      author: text(originInfo?.author) ?? text(originInfo?.agencyID),
      locationName: text(region?.text),
      eventType: text(ev.type),
    });
  }
  if (legacyDepths > 0) notes.push(`${legacyDepths} depth(s) from the old IRIS ws/event service taken as km (it wrote km where QuakeML says metres)`);
  return { events, notes };
}
