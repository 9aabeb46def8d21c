import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { Browser } from 'playwright-core';
import type { ReportTable } from './bulletin-tables.js';
import { svgToPng } from './headless-chromium.js';
import { type ReportDocument, WATERMARK } from './report-document.js';

const FONT = { ascii: 'Times New Roman', eastAsia: '仿宋', hAnsi: 'Times New Roman' };
const HEI = { ascii: 'Arial', eastAsia: '黑体', hAnsi: 'Arial' };

/**
 * Writes a report as DOCX (the `docx` package). Charts are rasterised by Chromium (DOCX embeds PNG); the
 * 模拟数据 mark is in every page's header when any figure is simulated; placeholders are highlighted for the
 * analyst to replace in Word.
 */
export async function writeDocx(doc: ReportDocument, browser: Browser): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 120 },
      children: [new TextRun({ text: doc.title, bold: true, size: 40, font: HEI })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [new TextRun({ text: doc.subtitle, size: 24, font: FONT })],
    }),
  ];
  for (const b of doc.blocks) {
    if (b.kind === 'heading')
      children.push(
        new Paragraph({
          heading: HeadingLevel.HEADING_2,
          spacing: { before: 240, after: 120 },
          children: [new TextRun({ text: b.text, bold: true, size: 30, font: HEI })],
        }),
      );
    else if (b.kind === 'paragraph')
      children.push(
        new Paragraph({
          indent: { firstLine: 640 },
          spacing: { line: 460, after: 60 },
          children: [
            new TextRun({
              text: b.text,
              size: 30,
              font: FONT,
              ...(b.placeholder ? { highlight: 'yellow' as const, italics: true } : {}),
            }),
          ],
        }),
      );
    else if (b.kind === 'table') children.push(...tableOf(b.table));
    else {
      const png = await svgToPng(browser, b.chart.svg, b.chart.width, b.chart.height);
      const width = 600;
      children.push(
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [
            new ImageRun({
              type: 'png',
              data: png,
              transformation: { width, height: Math.round((width * b.chart.height) / b.chart.width) },
              altText: { title: b.chart.title, description: b.chart.title, name: b.chart.title },
            }),
          ],
        }),
      );
    }
  }
  children.push(
    new Paragraph({
      heading: HeadingLevel.HEADING_2,
      spacing: { before: 240, after: 120 },
      children: [new TextRun({ text: '数据说明', bold: true, size: 28, font: HEI })],
    }),
    ...doc.notes.map(
      (n) =>
        new Paragraph({ spacing: { after: 60 }, children: [new TextRun({ text: n, size: 21, font: FONT })] }),
    ),
  );
  const header = doc.simulated
    ? new Header({
        children: [
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            children: [
              new TextRun({
                text: `${WATERMARK}　SIMULATED DATA — 不得作为正式统计数据引用`,
                bold: true,
                color: 'C00000',
                size: 22,
                font: HEI,
              }),
            ],
          }),
        ],
      })
    : undefined;
  const document = new Document({
    creator: 'ecmon',
    title: doc.title,
    description: doc.footer,
    sections: [
      {
        properties: { page: { margin: { top: 1440, bottom: 1440, left: 1300, right: 1300 } } },
        ...(header ? { headers: { default: header } } : {}),
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ text: doc.footer, size: 16, color: '666666', font: FONT })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}

function tableOf(t: ReportTable): (Paragraph | Table)[] {
  const border = { style: BorderStyle.SINGLE, size: 4, color: '999999' };
  const cell = (text: string, head: boolean, first: boolean): TableCell =>
    new TableCell({
      borders: { top: border, bottom: border, left: border, right: border },
      children: [
        new Paragraph({
          alignment: first ? AlignmentType.LEFT : AlignmentType.RIGHT,
          children: [new TextRun({ text, bold: head, size: 17, font: head ? HEI : FONT })],
        }),
      ],
    });
  // Columns as wide as their longest text (CJK counts double), within the page's 9300 twips.
  const weights = t.head.map((h, i) =>
    Math.min(
      16,
      Math.max(3, ...[h, ...t.rows.map((r) => r[i] ?? '')].map((x) => textWidth(x) * (x === h ? 0.6 : 1))),
    ),
  );
  const sum = weights.reduce((a, b) => a + b, 0);
  const columnWidths = weights.map((w) => Math.floor((9300 * w) / sum));
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 200, after: 80 },
      children: [new TextRun({ text: t.title, bold: true, size: 22, font: HEI })],
    }),
    new Table({
      width: { size: 9300, type: WidthType.DXA },
      columnWidths,
      rows: [
        new TableRow({ tableHeader: true, children: t.head.map((h, i) => cell(h, true, i === 0)) }),
        ...t.rows.map((r) => new TableRow({ children: r.map((c, i) => cell(c, false, i <= 1)) })),
      ],
    }),
    ...(t.note
      ? [
          new Paragraph({
            spacing: { after: 120 },
            children: [new TextRun({ text: `注：${t.note}`, size: 16, font: FONT })],
          }),
        ]
      : []),
  ];
}

function textWidth(s: string): number {
  let n = 0;
  for (const ch of s) n += ch.charCodeAt(0) > 0x2e80 ? 2 : 1;
  return n;
}
