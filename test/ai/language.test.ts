import { describe, expect, it } from "vitest";
import { detectLanguage } from "../../src/ai/classify/language.js";

describe("detectLanguage", () => {
  it.each([
    ["Hi, where is my order? It still hasn't arrived.", "en"],
    ["Hola, ¿dónde está mi pedido? Todavía no lo he recibido.", "es"],
    ["Bonjour, je n'ai toujours pas reçu ma commande, où est mon colis ?", "fr"],
    ["Hallo, wo ist meine Bestellung? Ich habe das Paket noch nicht erhalten.", "de"],
    ["Ciao, dove è il mio ordine? Non ho ancora ricevuto niente.", "it"],
    ["Olá, onde está o meu pedido? Ainda não recebi.", "pt"],
    ["Hallo, waar is mijn bestelling? Ik heb het pakket nog niet ontvangen.", "nl"],
    ["注文した商品がまだ届きません", "ja"],
    ["我的订单还没有到", "zh"],
    ["Где мой заказ?", "ru"],
  ])("%s → %s", (text, lang) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it("says und when there is nothing to go on", () => {
    expect(detectLanguage("#1001")).toBe("und");
    expect(detectLanguage("👍")).toBe("und");
  });
});
