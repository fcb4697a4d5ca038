/** Where the global setup's host is (see global-setup.ts). */
export function hostEnv(): { baseURL: string; tokenUrl: string } {
  const baseURL = process.env.KARTU_E2E_BASE_URL;
  const tokenUrl = process.env.KARTU_E2E_TOKEN_URL;
  if (!baseURL || !tokenUrl) throw new Error('The e2e global setup did not start a host (KARTU_E2E_BASE_URL is not set).');
  return { baseURL, tokenUrl };
}

/** A small SVG logo, as a merchant would upload it. */
export const COFFEE_LOGO_SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><circle cx="50" cy="50" r="46" fill="#F5E6CC"/>' +
    '<path d="M28 40h38v18a19 19 0 0 1-38 0z" fill="#6F4E37"/><path d="M66 44h6a8 8 0 0 1 0 16h-6" fill="none" stroke="#6F4E37" stroke-width="5"/></svg>',
);
