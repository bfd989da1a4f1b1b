import type { ShipmentStatus } from './carrier.js';
import { foldText } from './text.js';

// Reading carriers' free text (Turkish or English). Used where a carrier's codes are not documented
// (UNCONFIRMED codes, movement events) and to recognise refusals the carriers only put into words.

// Order matters: negative forms ("teslim edilemedi") must be tested before positive ones ("teslim edildi").
const STATUS_RULES: Array<[RegExp, ShipmentStatus]> = [
  [/teslim edilemedi|teslim edilemiyor|teslimat yapilamadi|undeliver|could not be deliver|not delivered|alici bulunamadi|adres bulunamadi|adreste bulunamadi/, 'not_delivered'],
  [/\biade\b|iade edil|geri don|return/, 'returned'],
  [/iptal|cancel/, 'cancelled'],
  [/teslim edildi|teslim edilmis|teslim alindi|delivered/, 'delivered'],
  [/dagitim|dagitima|kuryede|kurye|out for delivery|adrese cik|adresine .*cikar/, 'out_for_delivery'],
  [/teslimat subesi|varis subesi|subeye ulast|subede|subesinde|teslim birimi|branch/, 'at_branch'],
  [/yolda|transfer|aktarma|sevk|cikis yapti|kabul edildi|in transit|hub/, 'in_transit'],
  [/olusturuldu|hazirlandi|hazirlaniyor|islem gormemis|kayit alindi|prepared|created|order received/, 'created'],
];

export function statusFromText(text: string | null | undefined): ShipmentStatus {
  if (!text) return 'unknown';
  const t = foldText(text);
  for (const [re, status] of STATUS_RULES) if (re.test(t)) return status;
  return 'unknown';
}

// UNCONFIRMED: none of the SOAP carriers documents a code for refused credentials; they answer
// with a sentence ("Kullanıcı adı veya şifre hatalı"). This is the one place that recognises it.
const CREDENTIAL_WORD = '(sifre|parola|password|kullanici adi|kullanici|musteri numarasi|musteri kodu|credential|login|giris)';
const WRONG_WORD = '(hatali|yanlis|gecersiz|dogrulanamadi|invalid|incorrect|wrong|failed|refused)';
const CREDENTIAL_REFUSAL = new RegExp(
  `${CREDENTIAL_WORD}.{0,30}${WRONG_WORD}|${WRONG_WORD}.{0,12}${CREDENTIAL_WORD}|unauthori[sz]ed|yetkisiz|yetkiniz yok|authentication failed|kimlik dogrulama`,
);

export function looksLikeCredentialRefusal(text: string | null | undefined): boolean {
  return Boolean(text) && CREDENTIAL_REFUSAL.test(foldText(text as string));
}

// UNCONFIRMED: "already exists" answers are documented as codes only for Yurtiçi (60020); Aras and
// MNG are described as "an already-exists-type message", so the wording is recognised too.
const ALREADY_EXISTS = /daha once|zaten|mevcut|kayitli|already exist|duplicate|ayni .* ile/;

export function looksLikeAlreadyExists(text: string | null | undefined): boolean {
  return Boolean(text) && ALREADY_EXISTS.test(foldText(text as string));
}
