/**
 * A small PDF 1.4 writer for text documents: A4 pages, the standard Helvetica fonts (not
 * embedded: every PDF reader has them), WinAnsi text, filled rectangles for colour bands. Enough
 * for a statement; no images, no compression (a statement is a few kilobytes anyway).
 */
export type Font = 'regular' | 'bold';

export interface PdfPage {
  ops: string[];
}

export const A4 = { width: 595, height: 842 } as const;

/** Helvetica advance widths (per 1000 em) for ASCII 32..126, from the standard AFM. */
const HELVETICA = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const HELVETICA_BOLD = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
  975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
  333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];

/** WinAnsi (cp1252) bytes for the few characters above U+00FF it has; the rest of Latin-1 maps to itself. */
const CP1252: Record<number, number> = { 0x20ac: 0x80, 0x2018: 0x91, 0x2019: 0x92, 0x201c: 0x93, 0x201d: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x2026: 0x85, 0x2122: 0x99 };

function winAnsi(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code === 0x202f || code === 0x00a0) out.push(0x20);
    else if (code >= 0x20 && code <= 0x7e) out.push(code);
    else if (code >= 0xa0 && code <= 0xff) out.push(code);
    else if (CP1252[code] !== undefined) out.push(CP1252[code]!);
    else out.push(0x3f); // '?' for what the standard fonts cannot show
  }
  return out;
}

export function textWidth(text: string, size: number, font: Font = 'regular'): number {
  const widths = font === 'bold' ? HELVETICA_BOLD : HELVETICA;
  let units = 0;
  for (const b of winAnsi(text)) units += b >= 32 && b <= 126 ? widths[b - 32]! : 556;
  return (units * size) / 1000;
}

function pdfString(text: string): string {
  let out = '(';
  for (const b of winAnsi(text)) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b < 0x20 || b > 0x7e) out += `\\${b.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(b);
  }
  return `${out})`;
}

function rgb(hex: string): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex) ?? [null, '00', '00', '00'];
  return [m[1], m[2], m[3]].map((h) => (parseInt(h!, 16) / 255).toFixed(3)).join(' ');
}

export class PdfDocument {
  readonly pages: PdfPage[] = [];

  addPage(): PdfPage {
    const page: PdfPage = { ops: [] };
    this.pages.push(page);
    return page;
  }

  text(page: PdfPage, x: number, y: number, text: string, options: { size?: number; font?: Font; color?: string; align?: 'left' | 'right' } = {}): void {
    const size = options.size ?? 10;
    const font = options.font ?? 'regular';
    const left = options.align === 'right' ? x - textWidth(text, size, font) : x;
    page.ops.push(`BT /${font === 'bold' ? 'F2' : 'F1'} ${size} Tf ${rgb(options.color ?? '#000000')} rg ${left.toFixed(2)} ${y.toFixed(2)} Td ${pdfString(text)} Tj ET`);
  }

  rect(page: PdfPage, x: number, y: number, width: number, height: number, color: string): void {
    page.ops.push(`${rgb(color)} rg ${x.toFixed(2)} ${y.toFixed(2)} ${width.toFixed(2)} ${height.toFixed(2)} re f`);
  }

  line(page: PdfPage, x1: number, y1: number, x2: number, y2: number, color = '#CCCCCC'): void {
    page.ops.push(`${rgb(color)} RG 0.5 w ${x1.toFixed(2)} ${y1.toFixed(2)} m ${x2.toFixed(2)} ${y2.toFixed(2)} l S`);
  }

  /** The file: objects, cross-reference table with byte offsets, trailer. */
  toBuffer(title: string): Buffer {
    const objects: string[] = [];
    const add = (body: string): number => objects.push(body);
    const catalog = add('');
    const pagesObj = add('');
    const f1 = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
    const f2 = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
    const info = add(`<< /Title ${pdfString(title)} /Producer (Kartu) >>`);
    const kids: number[] = [];
    for (const page of this.pages.length ? this.pages : [{ ops: [] }]) {
      const content = page.ops.join('\n');
      const stream = add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
      kids.push(add(`<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 ${A4.width} ${A4.height}] /Resources << /Font << /F1 ${f1} 0 R /F2 ${f2} 0 R >> >> /Contents ${stream} 0 R >>`));
    }
    objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
    objects[pagesObj - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
    let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
    const offsets: number[] = [];
    objects.forEach((body, i) => {
      offsets.push(Buffer.byteLength(out, 'latin1'));
      out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    });
    const xref = Buffer.byteLength(out, 'latin1');
    out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
    out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    return Buffer.from(out, 'latin1');
  }
}
