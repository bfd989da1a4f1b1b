import type { ShipmentStatus } from './carrier.js';
import { foldText } from './text.js';

// Fallback normalisation from a carrier's status or event TEXT (Turkish or English), used where a
// carrier's codes are not documented (UNCONFIRMED codes, movement events). Order matters: the
// negative forms ("teslim edilemedi") must be tested before the positive ones ("teslim edildi").
const RULES: Array<[RegExp, ShipmentStatus]> = [
  [/teslim edilemedi|teslim edilemiyor|teslimat yapilamadi|undeliver|could not be deliver|not delivered|alici bulunamadi|adres bulunamadi|adreste bulunamadi/, 'not_delivered'],
  [/\biade\b|iade edil|geri don|return/, 'returned'],
  [/iptal|cancel/, 'cancelled'],
  [/teslim edildi|teslim edilmis|teslim alindi|delivered/, 'delivered'],
  [/dagitim|dagitima|kuryede|kurye|out for delivery|adrese cik/, 'out_for_delivery'],
  [/teslimat subesi|varis subesi|subeye ulast|subede|subesinde|branch|teslim birimi/, 'at_branch'],
  [/yolda|transfer|aktarma|sevk|cikis yapti|in transit|hub/, 'in_transit'],
  [/olusturuldu|hazirlandi|hazirlaniyor|islem gormemis|kayit alindi|prepared|created|order received/, 'created'],
];

export function statusFromText(text: string | null | undefined): ShipmentStatus {
  if (!text) return 'unknown';
  const t = foldText(text);
  for (const [re, status] of RULES) if (re.test(t)) return status;
  return 'unknown';
}
