import { describe, expect, it } from 'vitest';
import { looksLikeAlreadyExists, looksLikeCredentialRefusal, statusFromText } from '../../src/shipments/carrier-text.js';
import { foldName, foldText } from '../../src/shipments/text.js';

describe('foldText / foldName', () => {
  it('folds Turkish letters in both cases', () => {
    expect(foldText('TESLİM EDİLDİ')).toBe('teslim edildi');
    expect(foldText('Işık  Ğüneş\tÇöl')).toBe('isik gunes col');
    expect(foldName('Yurtiçi Kargo')).toBe('yurticikargo');
    expect(foldName('YURTİÇİ')).toBe('yurtici');
  });
});

describe('statusFromText', () => {
  it.each([
    ['TESLİM EDİLDİ', 'delivered'],
    ['Teslim edilemedi - adreste bulunamadı', 'not_delivered'],
    ['İADE EDİLDİ', 'returned'],
    ['Göndericiye iade ediliyor', 'returned'],
    ['Kargo iptal edildi', 'cancelled'],
    ['Dağıtıma çıkarıldı', 'out_for_delivery'],
    ['DAĞITIMDA', 'out_for_delivery'],
    ['TESLİMAT ŞUBESİNDE', 'at_branch'],
    ['Transfer merkezinden çıkış yaptı', 'in_transit'],
    ['YOLDA', 'in_transit'],
    ['Gönderi hazırlandı', 'created'],
    ['Out for delivery', 'out_for_delivery'],
    ['', 'unknown'],
    ['Bilgi yok', 'unknown'],
  ])('%s → %s', (text, status) => {
    expect(statusFromText(text)).toBe(status);
  });
});

describe('looksLikeCredentialRefusal', () => {
  it('recognises refusals in Turkish and English', () => {
    for (const t of ['Kullanıcı adı veya şifre hatalı.', 'Kullanıcı adı, şifre veya müşteri kodu hatalı.', 'Müşteri numarası veya şifre hatalı', 'Invalid password', 'Unauthorized', 'Yetkisiz erişim']) {
      expect(looksLikeCredentialRefusal(t), t).toBe(true);
    }
  });

  it('does not take a request echo or an ordinary error for one', () => {
    for (const t of ['Unmarshalling Error: <wsPassword>****</wsPassword>', 'Beklenmeyen bir hata oluştu. (936)', 'Alıcı adresi bulunamadı', null]) {
      expect(looksLikeCredentialRefusal(t), String(t)).toBe(false);
    }
  });
});

describe('looksLikeAlreadyExists', () => {
  it('recognises duplicate answers', () => {
    expect(looksLikeAlreadyExists('Bu entegrasyon kodu ile daha önce kayıt yapılmıştır.')).toBe(true);
    expect(looksLikeAlreadyExists('Order already exists')).toBe(true);
    expect(looksLikeAlreadyExists('Zorunlu alanlar boş: ReceiverName')).toBe(false);
  });
});
