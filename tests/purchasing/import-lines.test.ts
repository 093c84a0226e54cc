import { describe, expect, it } from "vitest";
import { type InvoiceLineMatch, invoiceMatchSchema } from "../../supabase/functions/_shared/responses.ts";
import { rpcAs } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { useRoleUsers } from "../helpers/fixtures.ts";

/**
 * The invoice import's own fixture against the demo store, through the one
 * matching both workflows use (purchasing's match_invoice_lines, as
 * api/invoices/match.ts calls it: no supplier, as a viewer may): lines as a
 * supplier writes them (upper case, no accents, abbreviated, pack sizes,
 * another word order), each with the product it means.
 */

const db = useTestDatabase({ seeded: true });
const users = useRoleUsers(db);

/** [line as written on an invoice, SKU of the product it means] */
const LINES: [string, string][] = [
  ["AZUC. GUABIRA 1KG", "ABA-0001"],
  ["ACEITE FINO 2LT", "ABA-0010"],
  ["FIDEO LAZZARONI MACARRON 400G", "ABA-0019"],
  ["frejol rojo 1 kg", "ABA-0028"],
  ["LEVADURA FLEISCHMANN 10G", "ABA-0037"],
  ["CERVEZA POTOSINA 620ML X12", "ALC-0007"],
  ["VINO CONCEPCION CABERNET 750", "ALC-0016"],
  ["goma de borrar", "BAZ-0007"],
  ["ENCENDEDOR BIC", "BAZ-0016"],
  ["TOALLITAS HUGGIES X80", "BBE-0005"],
  ["CREMA HIPOGLOS 60G", "BBE-0014"],
  ["SPRITE 2L", "BEB-0007"],
  ["AGUA VITAL 600", "BEB-0016"],
  ["TAMPICO CITRUS 2L", "BEB-0025"],
  ["chuleta cerdo", "CAR-0007"],
  ["CHORIZO SOFIA 500G", "CAR-0016"],
  ["FILETE SURUBI", "CGL-0008"],
  ["SALSA INGLESA 150ML", "CON-0006"],
  ["SOPA MAGGI POLLO", "CON-0015"],
  ["MANZANILLA WINDSOR X25", "DES-0007"],
  ["MIEL ABEJA 500G", "DES-0016"],
  ["ARVEJAS LATA 300G", "ENL-0009"],
  ["PILAS DURACELL AAA", "FER-0004"],
  ["DESTORNILLADOR PLANO 6", "FER-0013"],
  ["Pasta dental Colgate Total 90g", "HIG-0005"],
  ["DESODORANTE REXONA MUJER ROLL ON", "HIG-0014"],
  ["LECHE PIL ENTERA 1LT", "LAC-0001"],
  ["LECHE EVAPORADA IDEAL 410G", "LAC-0010"],
  ["DETERGENTE ACE 900G", "LIM-0005"],
  ["CERA LIQUIDA PISOS 1L", "LIM-0014"],
  ["GUANTES GOMA T/M", "LIM-0023"],
  ["ARENA GATOS 4KG", "MAS-0007"],
  ["CHOCOLATE EL CEIBO AMARGO 100G", "SNK-0003"],
  ["GALLETA MARIA 200G", "SNK-0012"],
  ["TURRON MANI", "SNK-0021"],
  ["Guabira azucar 1 kg", "ABA-0001"],
];

async function match(lines: { description: string }[]): Promise<InvoiceLineMatch[]> {
  return invoiceMatchSchema.parse(
    await rpcAs(db.sql, users.viewer, "match_invoice_lines", { supplier_id: null, lines }),
  );
}

describe("match_invoice_lines, as the invoice import of the api function calls it", () => {
  it("puts the product a supplier's line means first, for every line of the import's fixture", async () => {
    const answer = await match(LINES.map(([description]) => ({ description })));
    const misses = answer.flatMap((line, i) =>
      line.candidates[0]?.sku === LINES[i]?.[1] ? [] : [`${LINES[i]?.[0]} → ${line.candidates[0]?.sku ?? "nothing"}`],
    );
    expect(misses).toEqual([]);
    // A first candidate is at least a medium match (≥ 0.4, the front end's band), and never below a second.
    for (const line of answer) {
      expect(line.candidates[0]?.confidence).toBeGreaterThanOrEqual(0.4);
      const scores = line.candidates.map((m) => m.confidence);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });
});
