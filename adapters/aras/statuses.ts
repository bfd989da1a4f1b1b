import type { ShipmentStatus } from '../../src/shipments/carrier.js';
import { statusFromText } from '../../src/shipments/carrier-text.js';

// Aras GetQueryJSON DURUM_KODU → normalised status. UNCONFIRMED: no official code list was seen;
// only "6 = delivered" is used by two independent clients. The rest follows the status texts those
// clients print (ÇIKIŞ ŞUBESİNDE, YOLDA, TESLİMAT ŞUBESİNDE, DAĞITIMDA, TESLİM EDİLDİ, YÖNLENDİRİLDİ).
// Any code not listed here is read from DURUMU (the status text) instead.
const BY_CODE: Record<string, ShipmentStatus> = {
  '1': 'in_transit', // at the sending branch: taken in
  '2': 'in_transit',
  '3': 'at_branch', // at the delivery branch
  '4': 'out_for_delivery',
  '6': 'delivered',
  '7': 'in_transit', // redirected to another branch
};

// Where the text reports an exception the code table cannot know about, the text wins.
const TEXT_WINS: ReadonlySet<ShipmentStatus> = new Set(['returned', 'cancelled', 'not_delivered']);

export function arasStatus(code: string | null, text: string | null): ShipmentStatus {
  const fromText = statusFromText(text);
  if (TEXT_WINS.has(fromText)) return fromText;
  if (code !== null && BY_CODE[code]) return BY_CODE[code];
  return fromText;
}
