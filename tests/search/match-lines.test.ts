import { describe, expect, it } from "vitest";
import { type LineMatches, lineMatchesSchema } from "../../supabase/functions/_shared/responses.ts";
import { anon, rpcAs } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { useRoleUsers } from "../helpers/fixtures.ts";

/**
 * match_product_lines against the demo store: lines as a supplier writes
 * them (upper case, no accents, abbreviated, pack sizes, another word
 * order), each with the product it means. The invoice import matches
 * through it, and purchasing's invoice matching can too.
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

async function match(lines: unknown, as = users.staff, candidates = 3): Promise<LineMatches> {
  return lineMatchesSchema.parse(
    await rpcAs(db.sql, as, "match_product_lines", { lines, candidates_per_line: candidates }),
  );
}

describe("match_product_lines", () => {
  it("puts the product a supplier's line means first, for every line of the fixture", async () => {
    const answer = await match(LINES.map(([description]) => ({ description })));
    const misses = answer.flatMap((line, i) =>
      line.matches[0]?.sku === LINES[i]?.[1] ? [] : [`${LINES[i]?.[0]} → ${line.matches[0]?.sku ?? "nothing"}`],
    );
    expect(misses).toEqual([]);
    // A first match is at least a medium one (≥ 0.4), and never below a second.
    for (const line of answer) {
      expect(line.matches[0]?.confidence).toBeGreaterThanOrEqual(0.4);
      const scores = line.matches.map((m) => m.confidence);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });

  it("answers in input order, numbering lines from 1, at most candidates_per_line each", async () => {
    const answer = await match(
      [{ description: "leche" }, { description: "yogur" }, { description: "" }],
      users.viewer,
      2,
    );
    expect(answer.map((line) => line.line)).toEqual([1, 2, 3]);
    expect(answer[0]?.matches.length).toBe(2);
    expect(answer[2]?.matches).toEqual([]);
  });

  it("is certain of an exact barcode or SKU (1, with the reason), whatever the description says", async () => {
    const [product] = await db.sql<{ id: string; sku: string; barcode: string }[]>`
      select id, sku, barcode from public.products where barcode is not null order by sku limit 1
    `;
    const answer = await match([
      { description: "cualquier cosa", barcode: product?.barcode },
      { description: "otra", sku: product?.sku.toLowerCase() },
    ]);
    expect(answer.map((line) => line.matches[0])).toEqual([
      expect.objectContaining({ product_id: product?.id, confidence: 1, reason: "barcode" }),
      expect.objectContaining({ product_id: product?.id, confidence: 1, reason: "sku" }),
    ]);
  });

  it("leaves out deactivated products", async () => {
    const [product] = await db.sql<{ id: string; name: string }[]>`
      update public.products set is_active = false where sku = 'LIM-0023' returning id, name
    `;
    const answer = await match([{ description: product?.name }]);
    expect(answer[0]?.matches.map((m) => m.product_id)).not.toContain(product?.id);
  });

  it("refuses a caller without a role (FORBIDDEN) and anon (no grant), and more than 1,000 lines", async () => {
    await expect(rpcAs(db.sql, users.noRole, "match_product_lines", { lines: [] })).rejects.toMatchObject({
      message: "FORBIDDEN",
    });
    await expect(rpcAs(db.sql, anon, "match_product_lines", { lines: [] })).rejects.toMatchObject({ code: "42501" });
    await expect(
      rpcAs(db.sql, users.staff, "match_product_lines", {
        lines: Array.from({ length: 1001 }, () => ({ description: "x" })),
      }),
    ).rejects.toMatchObject({ message: "VALIDATION_ERROR" });
  });
});
