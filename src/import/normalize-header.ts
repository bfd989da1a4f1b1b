// Header matching is case-, accent- and punctuation-insensitive. Turkish needs care: the four
// letters İ ı I i all fold to "i" (toLowerCase alone turns "İ" into "i̇" and leaves "ı" alone),
// so "STOK KODU", "Stok Kodu" and "stok kodu" match, and so do "ÜRÜN İSMİ" and "urun ismi".

const TURKISH_I = /[İIı]/g;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;

export function normalizeHeader(text: string): string {
  return text
    .replace(TURKISH_I, 'i')
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(NOT_LETTER_OR_DIGIT, ' ')
    .trim();
}
