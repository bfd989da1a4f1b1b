// Turkish-aware text folding: carrier names and status texts arrive as "Yurtiçi Kargo", "YURTİÇİ",
// "TESLİM EDİLDİ" or "Teslim edildi"; comparisons work on one ASCII lower-case form.

const TURKISH: Record<string, string> = { İ: 'i', I: 'i', ı: 'i', Ş: 's', ş: 's', Ğ: 'g', ğ: 'g', Ü: 'u', ü: 'u', Ö: 'o', ö: 'o', Ç: 'c', ç: 'c' };

/** Lower-case ASCII with Turkish letters folded and other diacritics removed; whitespace collapsed. */
export function foldText(text: string): string {
  return text
    .replace(/[İIıŞşĞğÜüÖöÇç]/g, (c) => TURKISH[c])
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** foldText, then only letters and digits: "Yurtiçi Kargo" → "yurticikargo". */
export function foldName(text: string): string {
  return foldText(text).replace(/[^a-z0-9]/g, '');
}
