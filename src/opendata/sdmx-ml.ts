/**
 * SDMX-ML 2.1 writers: the structure message (codelists, concept scheme, DSD, dataflow) and the
 * structure-specific data message, grouped into series by every dimension but the one at the observation.
 */
import { csvField } from '../ingest/csv-field.js';
import type { OpenObservation } from './open-observations.js';
import { ALL_DIMENSIONS } from './sdmx-query.js';
import {
  type Name,
  PRIMARY_MEASURE,
  type SdmxComponent,
  type SdmxStructure,
  TIME_DIMENSION,
} from './sdmx-structure.js';

const NS = {
  message: 'http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message',
  structure: 'http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure',
  common: 'http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common',
  ss: 'http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
};

export const MEDIA = {
  structure: 'application/vnd.sdmx.structure+xml;version=2.1',
  data: 'application/vnd.sdmx.structurespecificdata+xml;version=2.1',
  csv: 'application/vnd.sdmx.data+csv;version=2.0.0',
};

export function escapeXml(s: string): string {
  return s.replace(
    /[<>&"']/g,
    (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`,
  );
}

const attrs = (a: Record<string, string | undefined>): string =>
  Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(v as string)}"`)
    .join('');

function names(tag: string, n: Name): string {
  const zh = `<${tag} xml:lang="zh">${escapeXml(n.zh)}</${tag}>`;
  return n.en ? `${zh}<${tag} xml:lang="en">${escapeXml(n.en)}</${tag}>` : zh;
}

/**
 * The message header: the platform as Sender with the publisher (提供单位) and its contact as the Sender's
 * Contact, and the publisher and licence as the header's Source (SDMX 2.1 order: …, Sender, Structure, Source).
 */
function header(s: SdmxStructure, id: string, prepared: Date, extra = ''): string {
  const { publisher } = s;
  const c = publisher.contact;
  const contact = `<mes:Contact>${names('com:Name', publisher.name)}${c?.name ? `<mes:Department xml:lang="zh">${escapeXml(c.name)}</mes:Department>` : ''}${
    c?.phone ? `<mes:Telephone>${escapeXml(c.phone)}</mes:Telephone>` : ''
  }${c?.url ? `<mes:URI>${escapeXml(c.url)}</mes:URI>` : ''}${c?.email ? `<mes:Email>${escapeXml(c.email)}</mes:Email>` : ''}</mes:Contact>`;
  return `<mes:Header><mes:ID>${escapeXml(id)}</mes:ID><mes:Test>false</mes:Test><mes:Prepared>${prepared
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')}</mes:Prepared><mes:Sender id="ECMON">${names('com:Name', {
    zh: 'ecmon 电子商务发展规划监测平台',
    en: 'ecmon e-commerce plan monitoring platform',
  })}${contact}</mes:Sender>${extra}${names('mes:Source', publisher.source)}</mes:Header>`;
}

/** What a structure query asks for. */
export interface StructureParts {
  dataflow: boolean;
  datastructure: boolean;
  codelists: boolean;
  concepts: boolean;
}

export function structureMessage(s: SdmxStructure, parts: StructureParts, prepared: Date): string {
  const ref = (id: string, pkg: string, cls: string, extra: Record<string, string> = {}): string =>
    `<Ref${attrs({ ...extra, id, version: s.version, agencyID: s.agency, package: pkg, class: cls })}/>`;
  const conceptRef = (id: string): string =>
    `<str:ConceptIdentity><Ref${attrs({
      id,
      maintainableParentID: s.conceptSchemeId,
      maintainableParentVersion: s.version,
      agencyID: s.agency,
      package: 'conceptscheme',
      class: 'Concept',
    })}/></str:ConceptIdentity>`;
  const representation = (c: SdmxComponent): string =>
    c.codelist
      ? `<str:LocalRepresentation><str:Enumeration>${ref(c.codelist, 'codelist', 'Codelist')}</str:Enumeration></str:LocalRepresentation>`
      : '';
  const maintainable = (id: string): string => attrs({ id, agencyID: s.agency, version: s.version });
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<mes:Structure xmlns:mes="${NS.message}" xmlns:str="${NS.structure}" xmlns:com="${NS.common}">`,
    header(s, `STRUCTURE_${s.flowId}`, prepared),
    '<mes:Structures>',
  ];
  if (parts.dataflow)
    out.push(
      `<str:Dataflows><str:Dataflow${maintainable(s.flowId)}>${names('com:Name', s.name)}<str:Structure>${ref(
        s.dsdId,
        'datastructure',
        'DataStructure',
      )}</str:Structure></str:Dataflow></str:Dataflows>`,
    );
  if (parts.codelists) {
    out.push('<str:Codelists>');
    for (const cl of s.codelists) {
      out.push(`<str:Codelist${maintainable(cl.id)}>${names('com:Name', cl.name)}`);
      for (const c of cl.codes)
        out.push(
          `<str:Code id="${escapeXml(c.id)}">${names('com:Name', c.name)}${
            c.description ? names('com:Description', c.description) : ''
          }</str:Code>`,
        );
      out.push('</str:Codelist>');
    }
    out.push('</str:Codelists>');
  }
  if (parts.concepts) {
    out.push(
      `<str:Concepts><str:ConceptScheme${maintainable(s.conceptSchemeId)}>${names('com:Name', {
        zh: `${s.name.zh}：概念`,
        en: s.name.en ? `${s.name.en}: concepts` : undefined,
      })}`,
    );
    for (const c of s.concepts)
      out.push(`<str:Concept id="${c.id}">${names('com:Name', c.name)}</str:Concept>`);
    out.push('</str:ConceptScheme></str:Concepts>');
  }
  if (parts.datastructure) {
    out.push(
      `<str:DataStructures><str:DataStructure${maintainable(s.dsdId)}>${names('com:Name', s.name)}<str:DataStructureComponents>`,
      '<str:DimensionList id="DimensionDescriptor">',
    );
    s.dimensions.forEach((d, i) => {
      out.push(
        `<str:Dimension id="${d.id}" position="${i + 1}">${conceptRef(d.id)}${representation(d)}</str:Dimension>`,
      );
    });
    out.push(
      `<str:TimeDimension id="${TIME_DIMENSION}" position="${s.dimensions.length + 1}">${conceptRef(
        TIME_DIMENSION,
      )}<str:LocalRepresentation><str:TextFormat textType="ObservationalTimePeriod"/></str:LocalRepresentation></str:TimeDimension>`,
      '</str:DimensionList><str:AttributeList id="AttributeDescriptor">',
    );
    for (const a of s.attributes) {
      const mandatory = a.id === 'UNIT_MEASURE' || a.id === 'UNIT_MULT' || a.id === 'OBS_STATUS';
      out.push(
        `<str:Attribute id="${a.id}" assignmentStatus="${mandatory ? 'Mandatory' : 'Conditional'}">${conceptRef(
          a.id,
        )}${representation(a)}<str:AttributeRelationship><str:PrimaryMeasure>${PRIMARY_MEASURE}</str:PrimaryMeasure></str:AttributeRelationship></str:Attribute>`,
      );
    }
    out.push(
      `</str:AttributeList><str:MeasureList id="MeasureDescriptor"><str:PrimaryMeasure id="${PRIMARY_MEASURE}">${conceptRef(
        PRIMARY_MEASURE,
      )}</str:PrimaryMeasure></str:MeasureList>`,
      '</str:DataStructureComponents></str:DataStructure></str:DataStructures>',
    );
  }
  out.push('</mes:Structures></mes:Structure>');
  return out.join('\n');
}

/** The structure-specific data message for `obs`, observations keyed by `dimensionAtObservation`. */
export function dataMessage(
  s: SdmxStructure,
  obs: readonly OpenObservation[],
  dimensionAtObservation: string,
  prepared: Date,
): string {
  const urn = `urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=${s.agency}:${s.dsdId}(${s.version})`;
  const structureId = `${s.agency}_${s.dsdId}_${s.version.replace('.', '_')}`;
  const all = dimensionAtObservation === ALL_DIMENSIONS;
  const nsStruct = `${urn}:ObsLevelDim:${dimensionAtObservation}`;
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<mes:StructureSpecificData xmlns:mes="${NS.message}" xmlns:com="${NS.common}" xmlns:ss="${NS.ss}" xmlns:xsi="${NS.xsi}" xmlns:ns1="${escapeXml(nsStruct)}">`,
    header(
      s,
      `DATA_${s.flowId}`,
      prepared,
      `<mes:Structure${attrs({ structureID: structureId, namespace: nsStruct, dimensionAtObservation })}><com:StructureUsage><Ref${attrs(
        { agencyID: s.agency, id: s.flowId, version: s.version },
      )}/></com:StructureUsage></mes:Structure>`,
    ),
    `<mes:DataSet ss:dataScope="DataStructure" xsi:type="ns1:DataSetType" ss:structureRef="${structureId}" action="Information">`,
  ];
  const dims = s.dimensions.map((d) => d.id);
  const obsAttrs = (o: OpenObservation, at: Record<string, string>): string =>
    attrs({ ...at, [PRIMARY_MEASURE]: o.value, ...o.attributes });
  const dimValue = (o: OpenObservation, d: string): string =>
    d === TIME_DIMENSION ? o.time : (o.key[d] ?? '');
  if (all) {
    for (const o of obs)
      out.push(
        `<Obs${obsAttrs(o, Object.fromEntries([...dims, TIME_DIMENSION].map((d) => [d, dimValue(o, d)])))}/>`,
      );
  } else {
    const seriesDims = [...dims, TIME_DIMENSION].filter((d) => d !== dimensionAtObservation);
    const series = new Map<string, OpenObservation[]>();
    for (const o of obs) {
      const k = seriesDims.map((d) => dimValue(o, d)).join('\u0000');
      const list = series.get(k);
      if (list) list.push(o);
      else series.set(k, [o]);
    }
    for (const list of series.values()) {
      const first = list[0] as OpenObservation;
      out.push(`<Series${attrs(Object.fromEntries(seriesDims.map((d) => [d, dimValue(first, d)])))}>`);
      for (const o of list)
        out.push(`<Obs${obsAttrs(o, { [dimensionAtObservation]: dimValue(o, dimensionAtObservation) })}/>`);
      out.push('</Series>');
    }
  }
  out.push('</mes:DataSet></mes:StructureSpecificData>');
  return out.join('\n');
}

/**
 * SDMX-CSV 2.0: STRUCTURE, STRUCTURE_ID, ACTION, the dimensions, TIME_PERIOD, OBS_VALUE, then the attributes.
 */
export function dataCsv(s: SdmxStructure, obs: readonly OpenObservation[]): string {
  const dims = s.dimensions.map((d) => d.id);
  const attributeIds = s.attributes.map((a) => a.id);
  const head = [
    'STRUCTURE',
    'STRUCTURE_ID',
    'ACTION',
    ...dims,
    TIME_DIMENSION,
    PRIMARY_MEASURE,
    ...attributeIds,
  ];
  const structureId = `${s.agency}:${s.flowId}(${s.version})`;
  const lines = [head.join(',')];
  for (const o of obs)
    lines.push(
      [
        'dataflow',
        structureId,
        'I',
        ...dims.map((d) => o.key[d] ?? ''),
        o.time,
        o.value,
        ...attributeIds.map((a) => o.attributes[a] ?? ''),
      ]
        .map(csvField)
        .join(','),
    );
  return `${lines.join('\r\n')}\r\n`;
}
