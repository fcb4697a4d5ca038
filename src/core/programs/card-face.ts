import type { Brand } from './brand.js';

export interface FaceText {
  programName: string;
  cardholderName: string;
  last4: string;
  expMonth: number;
  expYear: number;
  kindLabel: string;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

const WIDTH = 856;
const HEIGHT = 540;

/**
 * The branded card face as SVG (ISO/IEC 7810 ID-1 proportions), used by the UI, exports and print.
 * Only the last 4 digits are ever drawn.
 */
export function renderCardFace(brand: Brand, text: FaceText): string {
  const logoSize = 120;
  const pad = 48;
  const right = brand.logo_position.endsWith('right');
  const bottom = brand.logo_position.startsWith('bottom');
  const logoX = right ? WIDTH - pad - logoSize : pad;
  const logoY = bottom ? HEIGHT - pad - logoSize : pad;
  const nameX = right ? pad : WIDTH - pad;
  const nameAnchor = right ? 'start' : 'end';
  const logo = brand.logo
    ? `<image href="${brand.logo}" x="${logoX}" y="${logoY}" width="${logoSize}" height="${logoSize}" preserveAspectRatio="xMidYMid meet"/>`
    : `<circle cx="${logoX + logoSize / 2}" cy="${logoY + logoSize / 2}" r="${logoSize / 2.4}" fill="${brand.secondary_color}"/>` +
      `<text x="${logoX + logoSize / 2}" y="${logoY + logoSize / 2 + 18}" text-anchor="middle" font-size="52" font-weight="700" fill="${brand.text_color}">${escapeXml(brand.name.slice(0, 1).toUpperCase())}</text>`;
  const exp = `${String(text.expMonth).padStart(2, '0')}/${String(text.expYear % 100).padStart(2, '0')}`;
  const textY = bottom ? pad + 40 : HEIGHT - pad - 100;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeXml(brand.name)} card">`,
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${brand.primary_color}"/><stop offset="1" stop-color="${brand.secondary_color}"/></linearGradient></defs>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" rx="36" fill="url(#g)"/>`,
    logo,
    `<g font-family="Inter, 'Segoe UI', Roboto, sans-serif" fill="${brand.text_color}">`,
    `<text x="${nameX}" y="${bottom ? HEIGHT - pad - 70 : pad + 44}" text-anchor="${nameAnchor}" font-size="40" font-weight="700">${escapeXml(brand.name)}</text>`,
    `<text x="${nameX}" y="${bottom ? HEIGHT - pad - 30 : pad + 84}" text-anchor="${nameAnchor}" font-size="24" opacity="0.85">${escapeXml(text.kindLabel)}</text>`,
    `<text x="${pad}" y="${textY}" font-size="44" letter-spacing="6" font-family="'DejaVu Sans Mono', monospace">•••• •••• •••• ${escapeXml(text.last4)}</text>`,
    `<text x="${pad}" y="${textY + 56}" font-size="28">${escapeXml(text.cardholderName.toUpperCase().slice(0, 26))}</text>`,
    `<text x="${WIDTH - pad}" y="${textY + 56}" text-anchor="end" font-size="28">${exp}</text>`,
    `</g></svg>`,
  ].join('');
}
