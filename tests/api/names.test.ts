import { describe, expect, it } from "vitest";
import { suggestedName } from "../../supabase/functions/api/invoices/names.ts";

describe("the name suggested for a new product of an invoice", () => {
  it.each([
    ["AZUC. GUABIRA 1KG", "Azúcar Guabira 1 kg"],
    ["Basurera max gde", "Basurera Max Grande"],
    ["CANDADO YALE 40 MM", "Candado Yale 40 mm"],
    ["LECHE PIL ENTERA 1L", "Leche Pil Entera 1 L"],
    ["ACEITE FINO 900ML", "Aceite Fino 900 ml"],
    ["QUESILLO MENONITA 1 KG", "Quesillo Menonita 1 kg"],
    ["GALLETA CLUB SOCIAL X6", "Galleta Club Social x6"],
    ["BUJIA NGK MOTO C7HSA", "Bujia Ngk Moto C7HSA"],
    ["Gato hidráulico de 2 toneladas", "Gato Hidráulico de 2 Toneladas"],
  ])("%s → %s", (description, expected) => {
    expect(suggestedName(description)).toBe(expected);
  });
});
