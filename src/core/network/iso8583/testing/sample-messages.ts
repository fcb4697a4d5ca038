import type { Iso8583Message } from '../message.js';

/**
 * A representative authorization request and its approval, as an acquirer sends and expects them
 * (a Kopi Nusantara branch in Bandung, Rp 50.000). The PAN passes Luhn and is not a real card.
 */
export const SAMPLE_0100: Iso8583Message = {
  mti: '0100',
  fields: {
    2: '6037991234567893',
    3: '000000',
    4: '000005000000',
    7: '1125093015',
    11: '004211',
    12: '163015',
    13: '1125',
    14: '2811',
    18: '5814',
    22: '051',
    32: '60379912',
    37: '533009004211',
    41: 'BDG00017',
    42: 'KOPINUSANTARA01',
    43: 'Kopi Nusantara Braga     Bandung      ID',
    49: '360',
  },
};

export const SAMPLE_0110: Iso8583Message = {
  mti: '0110',
  fields: {
    2: '6037991234567893',
    3: '000000',
    4: '000005000000',
    7: '1125093015',
    11: '004211',
    12: '163015',
    13: '1125',
    32: '60379912',
    37: '533009004211',
    38: 'A1B2C3',
    39: '00',
    41: 'BDG00017',
    42: 'KOPINUSANTARA01',
    49: '360',
  },
};
