/**
 * What the card network says before a card is issued. The sandbox network's rules are those real
 * networks apply: an embossable name for physical cards, a cap on cards per cardholder, BIN
 * ranges it knows. A configured adapter would ask the real network.
 */
export interface EligibilityRequest {
  network: string;
  bin: string;
  type: 'virtual' | 'physical';
  cardholderName: string;
  cardholderCountry: string | null;
  openCardsOfCardholder: number;
}

export interface EligibilityResult {
  eligible: boolean;
  code?: string;
  reason?: string;
}

export const MAX_OPEN_CARDS_PER_CARDHOLDER = 20;
const EMBOSS_MAX = 26;

export function sandboxEligibility(request: EligibilityRequest): EligibilityResult {
  if (!/^\d{6,8}$/.test(request.bin)) return { eligible: false, code: 'network_bin_unknown', reason: `The network does not know BIN ${request.bin}.` };
  if (request.openCardsOfCardholder >= MAX_OPEN_CARDS_PER_CARDHOLDER) {
    return { eligible: false, code: 'network_card_limit', reason: `The network allows at most ${MAX_OPEN_CARDS_PER_CARDHOLDER} open cards per cardholder.` };
  }
  if (request.type === 'physical') {
    const name = request.cardholderName.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    if (name.length > EMBOSS_MAX) {
      return { eligible: false, code: 'network_name_not_embossable', reason: `A physical card's name must fit in ${EMBOSS_MAX} characters to be embossed.` };
    }
    if (!/^[A-Za-z0-9 .,'&/-]+$/.test(name)) {
      return { eligible: false, code: 'network_name_not_embossable', reason: 'A physical card name may only use Latin letters, digits and . , \' & / -' };
    }
  }
  return { eligible: true };
}

export function checkEligibility(request: EligibilityRequest): EligibilityResult {
  // Only the sandbox network ships; another adapter would be chosen by request.network.
  return sandboxEligibility(request);
}
