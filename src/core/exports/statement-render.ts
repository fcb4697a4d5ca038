import { A4, PdfDocument, type PdfPage } from './pdf.js';
import { formatMoney } from './money-format.js';
import type { Statement } from './statement.js';

/**
 * The statement for people: a PDF (A4, the program's brand colour in the header) or HTML. Only the
 * last four digits of the card appear, as everywhere.
 */
const LABELS = {
  en: { statement: 'Card statement', card: 'Card', period: 'Period', opening: 'Opening balance', closing: 'Closing balance', date: 'Date', description: 'Description', amount: 'Amount', balance: 'Balance', purchases: 'Purchases', refunds: 'Refunds', fees: 'Fees', topups: 'Top-ups', cashback: 'Cashback and rewards', points: 'Points', tier: 'Tier', earned: 'earned', redeemed: 'redeemed', expired: 'expired', page: 'Page', none: 'No transactions this month.' },
  id: { statement: 'Laporan kartu', card: 'Kartu', period: 'Periode', opening: 'Saldo awal', closing: 'Saldo akhir', date: 'Tanggal', description: 'Keterangan', amount: 'Jumlah', balance: 'Saldo', purchases: 'Pembelian', refunds: 'Pengembalian', fees: 'Biaya', topups: 'Isi ulang', cashback: 'Cashback dan hadiah', points: 'Poin', tier: 'Tingkat', earned: 'didapat', redeemed: 'ditukar', expired: 'kedaluwarsa', page: 'Halaman', none: 'Tidak ada transaksi bulan ini.' },
} as const;

function labels(s: Statement) {
  return s.cardholder.language === 'id' ? LABELS.id : LABELS.en;
}

export function statementPdf(s: Statement): Buffer {
  const L = labels(s);
  const lang = s.cardholder.language;
  const money = (m: number) => formatMoney(m, s.currency, lang);
  const doc = new PdfDocument();
  const margin = 40;
  const right = A4.width - margin;
  let page: PdfPage = doc.addPage();
  let y = 0;
  const header = (): void => {
    doc.rect(page, 0, A4.height - 90, A4.width, 90, s.program.brand.primary_color);
    doc.text(page, margin, A4.height - 45, s.program.brand.name, { size: 20, font: 'bold', color: s.program.brand.text_color });
    doc.text(page, margin, A4.height - 68, `${L.statement} ${s.month}`, { size: 11, color: s.program.brand.text_color });
    doc.text(page, right, A4.height - 45, s.cardholder.name, { size: 11, font: 'bold', color: s.program.brand.text_color, align: 'right' });
    doc.text(page, right, A4.height - 62, `${L.card} **** ${s.card.last4}`, { size: 10, color: s.program.brand.text_color, align: 'right' });
    doc.text(page, right, A4.height - 77, `${L.period} ${s.period.from} - ${s.period.to} (${s.period.timezone})`, { size: 8, color: s.program.brand.text_color, align: 'right' });
    y = A4.height - 115;
  };
  const newPageIfNeeded = (space: number): void => {
    if (y - space > 60) return;
    page = doc.addPage();
    header();
  };
  header();

  // Summary
  const summary: Array<[string, string]> = [];
  if (s.balance) summary.push([L.opening, money(s.balance.opening_minor)]);
  summary.push([L.purchases, money(s.totals.purchases_minor)], [L.refunds, money(s.totals.refunds_minor)], [L.fees, money(s.totals.fees_minor)], [L.topups, money(s.totals.top_ups_minor)], [L.cashback, money(s.totals.cashback_minor)]);
  if (s.balance) summary.push([L.closing, money(s.balance.closing_minor)]);
  for (const [label, value] of summary) {
    const bold = label === L.closing || label === L.opening;
    doc.text(page, margin, y, label, { size: 10, font: bold ? 'bold' : 'regular' });
    doc.text(page, margin + 260, y, value, { size: 10, font: bold ? 'bold' : 'regular', align: 'right' });
    y -= 15;
  }
  if (s.points) {
    doc.text(page, margin + 300, y + 15 * summary.length, `${L.points}: ${s.points.closing}`, { size: 10, font: 'bold' });
    doc.text(page, margin + 300, y + 15 * summary.length - 15, `+${s.points.earned + s.points.bonus} ${L.earned}, -${s.points.redeemed} ${L.redeemed}, -${s.points.expired} ${L.expired}`, { size: 9 });
    if (s.tier) doc.text(page, margin + 300, y + 15 * summary.length - 30, `${L.tier}: ${s.tier.name ?? '-'}`, { size: 10 });
  }
  y -= 15;

  // Lines
  const columns = (): void => {
    doc.rect(page, margin, y - 4, right - margin, 16, s.program.brand.secondary_color);
    doc.text(page, margin + 4, y, L.date, { size: 9, font: 'bold', color: '#FFFFFF' });
    doc.text(page, margin + 90, y, L.description, { size: 9, font: 'bold', color: '#FFFFFF' });
    doc.text(page, right - 100, y, L.amount, { size: 9, font: 'bold', color: '#FFFFFF', align: 'right' });
    if (s.balance) doc.text(page, right - 4, y, L.balance, { size: 9, font: 'bold', color: '#FFFFFF', align: 'right' });
    y -= 18;
  };
  columns();
  if (s.lines.length === 0) doc.text(page, margin + 4, y, L.none, { size: 9, color: '#555555' });
  for (const line of s.lines) {
    if (y < 70) {
      page = doc.addPage();
      header();
      columns();
    }
    doc.text(page, margin + 4, y, `${line.date} ${line.time}`, { size: 9 });
    doc.text(page, margin + 90, y, line.description.slice(0, 48), { size: 9 });
    doc.text(page, right - 100, y, money(line.amount_minor), { size: 9, align: 'right', color: line.amount_minor < 0 ? '#000000' : '#1B7F3B' });
    if (line.balance_minor !== null) doc.text(page, right - 4, y, money(line.balance_minor), { size: 9, align: 'right', color: '#555555' });
    doc.line(page, margin, y - 4, right, y - 4, '#EEEEEE');
    y -= 14;
  }
  newPageIfNeeded(30);
  if (s.balance) doc.text(page, margin, 40, s.balance.note, { size: 7, color: '#777777' });
  doc.pages.forEach((p, i) => doc.text(p, right, 25, `${L.page} ${i + 1} / ${doc.pages.length}`, { size: 8, color: '#777777', align: 'right' }));
  return doc.toBuffer(`${s.program.brand.name} ${L.statement} ${s.month}`);
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function statementHtml(s: Statement): string {
  const L = labels(s);
  const money = (m: number) => esc(formatMoney(m, s.currency, s.cardholder.language));
  const color = /^#[0-9a-f]{6}$/i.test(s.program.brand.primary_color) ? s.program.brand.primary_color : '#1F3A5F';
  const text = /^#[0-9a-f]{6}$/i.test(s.program.brand.text_color) ? s.program.brand.text_color : '#FFFFFF';
  const rows = s.lines
    .map((l) => `<tr><td>${esc(l.date)} ${esc(l.time)}</td><td>${esc(l.description)}</td><td class="n">${money(l.amount_minor)}</td>${s.balance ? `<td class="n">${l.balance_minor === null ? '' : money(l.balance_minor)}</td>` : ''}</tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="${s.cardholder.language === 'id' ? 'id' : 'en'}"><head><meta charset="utf-8"><title>${esc(s.program.brand.name)} ${esc(L.statement)} ${esc(s.month)}</title>
<style>body{font-family:Helvetica,Arial,sans-serif;margin:0;color:#111}header{background:${color};color:${text};padding:16px 32px;display:flex;justify-content:space-between}
main{padding:16px 32px}table{border-collapse:collapse;width:100%}td,th{padding:4px 6px;border-bottom:1px solid #eee;text-align:left}.n{text-align:right;white-space:nowrap}</style></head>
<body><header><div><h1>${esc(s.program.brand.name)}</h1><div>${esc(L.statement)} ${esc(s.month)}</div></div>
<div style="text-align:right"><strong>${esc(s.cardholder.name)}</strong><div>${esc(L.card)} **** ${esc(s.card.last4)}</div><div>${esc(L.period)} ${esc(s.period.from)} - ${esc(s.period.to)}</div></div></header>
<main><table>${s.balance ? `<tr><th>${esc(L.opening)}</th><td class="n">${money(s.balance.opening_minor)}</td></tr>` : ''}
<tr><th>${esc(L.purchases)}</th><td class="n">${money(s.totals.purchases_minor)}</td></tr><tr><th>${esc(L.refunds)}</th><td class="n">${money(s.totals.refunds_minor)}</td></tr>
<tr><th>${esc(L.fees)}</th><td class="n">${money(s.totals.fees_minor)}</td></tr><tr><th>${esc(L.topups)}</th><td class="n">${money(s.totals.top_ups_minor)}</td></tr>
<tr><th>${esc(L.cashback)}</th><td class="n">${money(s.totals.cashback_minor)}</td></tr>${s.balance ? `<tr><th>${esc(L.closing)}</th><td class="n">${money(s.balance.closing_minor)}</td></tr>` : ''}
${s.points ? `<tr><th>${esc(L.points)}</th><td class="n">${s.points.closing}</td></tr>` : ''}${s.tier ? `<tr><th>${esc(L.tier)}</th><td class="n">${esc(s.tier.name ?? '-')}</td></tr>` : ''}</table>
<h2>${esc(L.description)}</h2><table><tr><th>${esc(L.date)}</th><th>${esc(L.description)}</th><th class="n">${esc(L.amount)}</th>${s.balance ? `<th class="n">${esc(L.balance)}</th>` : ''}</tr>
${rows || `<tr><td colspan="4">${esc(L.none)}</td></tr>`}</table></main></body></html>`;
}
