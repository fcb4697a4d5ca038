/** The Kopi Nusantara story of PRODUCT.md: what the demo data tells. */
export const BRANCHES = [
  { name: 'Kopi Nusantara Sudirman', merchant_id: 'KN-JKT-SDR01', mcc: '5814', city: 'Jakarta', country: 'ID' },
  { name: 'Kopi Nusantara Kemang', merchant_id: 'KN-JKT-KMG02', mcc: '5814', city: 'Jakarta', country: 'ID' },
  { name: 'Kopi Nusantara Braga', merchant_id: 'KN-BDG-BRG03', mcc: '5814', city: 'Bandung', country: 'ID' },
] as const;

/** Suppliers the buyers' corporate cards pay (MCCs inside the "suppliers" group). */
export const SUPPLIERS = [
  { id: 'SUP-KOPI-GAYO', name: 'PT Kopi Gayo Lestari', mcc: '5149', city: 'Medan', country: 'ID' },
  { id: 'SUP-SUSU-BDG', name: 'CV Susu Segar Lembang', mcc: '5143', city: 'Bandung', country: 'ID' },
  { id: 'SUP-KEMASAN', name: 'PT Kemasan Hijau', mcc: '5111', city: 'Jakarta', country: 'ID' },
] as const;

/** A small coffee-cup mark in the brand's cream colour. */
const LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32" r="30" fill="#FFF8EE"/>' +
  '<path d="M18 24h24v14a10 10 0 0 1-10 10h-4a10 10 0 0 1-10-10z" fill="#6F4E37"/>' +
  '<path d="M42 28h4a5 5 0 0 1 0 10h-4" fill="none" stroke="#6F4E37" stroke-width="3"/>' +
  '<path d="M26 12c-2 4 2 6 0 9M32 12c-2 4 2 6 0 9" stroke="#C8A27A" stroke-width="2.5" fill="none" stroke-linecap="round"/></svg>';

export const KOPI_LOGO = `data:image/svg+xml;base64,${Buffer.from(LOGO_SVG).toString('base64')}`;

/** IDR minor units (exponent 2): Rp 1 = 100. */
export const rupiah = (amount: number): number => amount * 100;

/** The menu: what a visit costs, in rupiah. */
export const MENU_PRICES = [18_000, 22_000, 25_000, 28_000, 32_000, 35_000, 38_000, 45_000, 52_000, 65_000, 85_000, 120_000];
