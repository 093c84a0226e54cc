import { describe, expect, it } from "vitest";
import {
  autocompleteResponseSchema,
  batchExtractionSchema,
  bulkCreateResponseSchema,
  importHealthSchema,
  matchProductResponseSchema,
} from "../../supabase/functions/_shared/api-responses.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { createCategory, createProduct } from "../helpers/fixtures.ts";
import { useServedFunctions } from "../helpers/functions.ts";
import {
  call,
  categoryCounter,
  expectApiError,
  expectShape,
  type GeminiRequest,
  image,
  imagesForm,
  markerOf,
  stubSecrets,
  useGeminiStub,
  useUsers,
  writesNothing,
} from "./support.ts";

/**
 * The invoice import (`/functions/v1/api/v1/import/…`) under Deno, with a
 * local stand-in for Gemini that speaks its REST wire format: the function
 * reaches it over real HTTP, exactly as it would reach Google. One api
 * function is served with the model's key (pointing at the stand-in), one
 * without.
 */

/** What the stand-in "reads" on each test image, by the image's marker. */
const INVOICES: Record<string, unknown> = {
  sanchez: {
    proveedor: "Sanchez",
    numero_nota: "000498",
    fecha: "06/01/2026",
    productos: [
      { cantidad: 12, descripcion: "Mopa colores", precio_unitario: 40, total: 480, categoria: "Limpieza" },
      { cantidad: 12, descripcion: "Basurera max gde", precio_unitario: 30, total: 360, categoria: "limpieza" },
    ],
  },
  huarachi: {
    proveedor: "Huarachi",
    numero_nota: null,
    fecha: null,
    productos: [
      { cantidad: 1, descripcion: "Gato hidráulico", precio_unitario: 285, total: 285, categoria: "Automotriz" },
      { cantidad: 4, descripcion: "Cámara gris", precio_unitario: "90,00", total: null, categoria: "automotríz" },
    ],
  },
  proforma: {
    productos: [
      { cantidad: 24, descripcion: "LECHE PIL ENTERA 1LT", precio_unitario: 7, total: 168, categoria: "lacteos" },
      { cantidad: 10, descripcion: "AZUC. GUABIRA 1KG", precio_unitario: 9.5, total: 95, categoria: "Abarrotes" },
    ],
  },
  empty: { productos: [] },
};

const SUGGESTIONS = {
  suggestions: Array.from({ length: 6 }, (_, i) => ({
    name: `Escoba Metálica ${i + 1}`,
    description: "Escoba de metal resistente para uso industrial.",
    category: "Limpieza",
  })),
};

function answer(request: GeminiRequest): unknown {
  if (!request.image) return SUGGESTIONS;
  return INVOICES[markerOf(request) ?? ""] ?? INVOICES.empty;
}

const db = useTestDatabase();
const stub = useGeminiStub(answer);
const withModel = useServedFunctions(db, ["api"], { secrets: () => stubSecrets(stub) });
const withoutModel = useServedFunctions(db, ["api"]);
const users = useUsers(db);

const categoryCount = categoryCounter(db);

const band = (score: number) => (score >= 0.7 ? "high" : score >= 0.4 ? "medium" : "low");

describe("GET /import/health", () => {
  it("is healthy with the model configured, naming it", async () => {
    const health = expectShape(
      await call(withModel, "GET", "/import/health", { as: users.staff }),
      200,
      importHealthSchema,
    );
    expect(health).toEqual({
      status: "healthy",
      ai_configured: true,
      ai_model: stub.model,
      max_images_per_batch: 20,
      max_image_size_mb: 10,
    });
  });

  it("is degraded without a key (no envelope: the front end reads it as it is)", async () => {
    const health = expectShape(
      await call(withoutModel, "GET", "/import/health", { as: users.viewer }),
      200,
      importHealthSchema,
    );
    expect(health).toEqual({
      status: "degraded",
      ai_configured: false,
      ai_model: null,
      max_images_per_batch: 20,
      max_image_size_mb: 10,
    });
  });
});

describe("POST /import/extract-from-images", () => {
  it("reads 3 images through the model, matches the lines to the catalog and detects the categories", async () => {
    const cleaning = await createCategory(db.sql, "Limpieza");
    const dairy = await createCategory(db.sql, "Lácteos");
    const mop = await createProduct(db.sql, { name: "Mopa Color Grande", categoryId: cleaning.id });
    const milk = await createProduct(db.sql, { name: "Leche PIL Entera 1 L", categoryId: dairy.id });
    const sugar = await createProduct(db.sql, { name: "Azúcar Guabirá 1 kg" });
    const seen = stub.requests.length;

    const result = expectShape(
      await call(withModel, "POST", "/import/extract-from-images", {
        as: users.manager,
        body: imagesForm([image("jpeg", "sanchez"), image("png", "huarachi"), image("webp", "proforma")]),
      }),
      200,
      batchExtractionSchema,
    );

    // The model was asked once per image, over HTTP, in Gemini's wire format.
    const requests = stub.requests.slice(seen);
    expect(requests.map((request) => [markerOf(request), request.image?.mimeType]).sort()).toEqual([
      ["huarachi", "image/png"],
      ["proforma", "image/webp"],
      ["sanchez", "image/jpeg"],
    ]);
    for (const request of requests) {
      expect(request).toMatchObject({ model: stub.model, key: stub.key });
      expect(request.generationConfig).toMatchObject({ responseMimeType: "application/json" });
      expect(request.prompt).toContain("Lácteos");
    }

    expect(result.total_images_processed).toBe(3);
    expect(result.total_products).toBe(6);
    expect(
      result.extractions.map((e) => [e.invoice.image_index, e.invoice.supplier_name, e.extraction_confidence]),
    ).toEqual([
      [0, "Sanchez", 1],
      [1, "Huarachi", 0.5],
      [2, null, 1],
    ]);
    expect(result.extractions[0]?.invoice).toEqual({
      supplier_name: "Sanchez",
      invoice_number: "000498",
      invoice_date: "06/01/2026",
      image_index: 0,
    });
    // A total the model could not read is quantity × unit price ("90,00" read as 90).
    expect(result.extractions[1]?.products[1]).toEqual({
      quantity: 4,
      description: "Cámara gris",
      unit_price: 90,
      total_price: 360,
      suggested_category: "automotríz",
    });

    const byDescription = new Map(result.matched_products.map((m) => [m.extracted.description, m]));
    expect(byDescription.get("Mopa colores")?.matches[0]).toMatchObject({ existing_product_id: mop.id });
    expect(byDescription.get("Mopa colores")?.is_new_product).toBe(false);
    expect(byDescription.get("LECHE PIL ENTERA 1LT")?.matches[0]).toMatchObject({
      existing_product_id: milk.id,
      existing_product_name: milk.name,
      existing_product_sku: milk.sku,
      confidence: "high",
    });
    expect(byDescription.get("AZUC. GUABIRA 1KG")?.matches[0]).toMatchObject({
      existing_product_id: sugar.id,
      confidence: "high",
    });
    expect(byDescription.get("AZUC. GUABIRA 1KG")?.suggested_name).toBe("Azúcar Guabira 1 kg");
    for (const unknown of ["Basurera max gde", "Gato hidráulico"]) {
      expect(byDescription.get(unknown)?.is_new_product).toBe(true);
    }
    expect(byDescription.get("Basurera max gde")?.suggested_name).toBe("Basurera Max Grande");
    // Every band is the score's: high from 0.7, medium from 0.4, low below.
    for (const matched of result.matched_products) {
      for (const match of matched.matches) expect(match.confidence).toBe(band(match.similarity_score));
      expect(matched.matches.length).toBeLessThanOrEqual(3);
    }

    expect(result.detected_categories).toEqual([
      { name: "Limpieza", exists_in_catalog: true, existing_category_id: cleaning.id, product_count: 2 },
      { name: "Automotriz", exists_in_catalog: false, existing_category_id: null, product_count: 2 },
      { name: "Lácteos", exists_in_catalog: true, existing_category_id: dairy.id, product_count: 1 },
      { name: "Abarrotes", exists_in_catalog: false, existing_category_id: null, product_count: 1 },
    ]);
  });

  it("answers 503 AI_NOT_CONFIGURED without a key, asking no model", async () => {
    const error = expectApiError(
      await call(withoutModel, "POST", "/import/extract-from-images", {
        as: users.manager,
        body: imagesForm([image("jpeg", "sanchez")]),
      }),
      503,
      "AI_NOT_CONFIGURED",
    );
    expect(error.error).toBe("La lectura de facturas con IA no está configurada en este servidor.");
  });

  it("takes 20 images and refuses 21 (422) before asking the model", async () => {
    const twenty = Array.from({ length: 20 }, (_, i) => image("png", i % 2 ? "sanchez" : "empty"));
    const ok = expectShape(
      await call(withModel, "POST", "/import/extract-from-images", { as: users.staff, body: imagesForm(twenty) }),
      200,
      batchExtractionSchema,
    );
    expect(ok.extractions.map((e) => e.invoice.image_index)).toEqual([...Array(20).keys()]);
    expect(ok.total_products).toBe(20);

    const seen = stub.requests.length;
    const error = expectApiError(
      await call(withModel, "POST", "/import/extract-from-images", {
        as: users.staff,
        body: imagesForm([...twenty, image("png", "empty")]),
      }),
      422,
      "VALIDATION_ERROR",
    );
    expect(error.error).toBe("Máximo 20 imágenes por lote.");
    expect(stub.requests.length).toBe(seen);
  });

  it("takes an image of exactly 10 MB and refuses one byte more (413), before asking the model", async () => {
    const tenMb = 10 * 1024 * 1024;
    const ok = await call(withModel, "POST", "/import/extract-from-images", {
      as: users.staff,
      body: imagesForm([image("jpeg", "sanchez", tenMb)]),
    });
    expect(ok.status, ok.text.slice(0, 300)).toBe(200);
    expect(stub.requests.at(-1)?.image?.bytes.length).toBe(tenMb);

    const seen = stub.requests.length;
    const error = expectApiError(
      await call(withModel, "POST", "/import/extract-from-images", {
        as: users.staff,
        body: imagesForm([image("png", "empty"), image("jpeg", "sanchez", tenMb + 1)]),
      }),
      413,
      "PAYLOAD_TOO_LARGE",
    );
    expect(error.error).toBe("La imagen 2 pesa 10.0 MB; el máximo es 10 MB.");
    expect(stub.requests.length).toBe(seen);
  });

  it.each([
    ["a file that is no image", () => imagesForm([new Blob(["%PDF-1.7 factura"], { type: "image/jpeg" })])],
    ["no file", () => new FormData()],
    ["JSON instead of the images", () => ({ files: [] })],
  ])("refuses %s with 422", async (_what, body) => {
    const seen = stub.requests.length;
    expectApiError(
      await call(withModel, "POST", "/import/extract-from-images", { as: users.staff, body: body() }),
      422,
      "VALIDATION_ERROR",
    );
    expect(stub.requests.length).toBe(seen);
  });

  it("answers 502 AI_PROVIDER_ERROR when the model fails, its details only in the log", async () => {
    stub.failWith = 503;
    try {
      const answer = await call(withModel, "POST", "/import/extract-from-images", {
        as: users.staff,
        body: imagesForm([image("jpeg", "sanchez")]),
      });
      expectApiError(answer, 502, "AI_PROVIDER_ERROR");
      expect(answer.text).not.toContain("stub failure");
      expect(withModel.logs.some((line) => line.includes("Gemini answered 503"))).toBe(true);
    } finally {
      stub.failWith = null;
    }
  });

  it("401 without a token and 403 without a role, asking no model", async () => {
    const seen = stub.requests.length;
    const body = () => imagesForm([image("jpeg", "sanchez")]);
    expectApiError(await call(withModel, "POST", "/import/extract-from-images", { body: body() }), 401, "UNAUTHORIZED");
    expectApiError(
      await call(withModel, "POST", "/import/extract-from-images", { as: users.noRole, body: body() }),
      403,
      "FORBIDDEN",
    );
    expect(stub.requests.length).toBe(seen);
  });
});

describe("POST /import/match-products", () => {
  it("matches one description with up to 5 candidates in confidence bands", async () => {
    const dairy = await createCategory(db.sql, "Lácteos y Quesos");
    const cheese = await createProduct(db.sql, { name: "Queso Menonita (kg)", categoryId: dairy.id });
    const result = expectShape(
      await call(withoutModel, "POST", "/import/match-products", {
        as: users.viewer,
        body: { description: "queso menonita", suggested_category: "Lácteos y Quesos" },
      }),
      200,
      matchProductResponseSchema,
    );
    expect(result.matched.extracted).toEqual({
      quantity: 1,
      description: "queso menonita",
      unit_price: 0,
      total_price: 0,
      suggested_category: "Lácteos y Quesos",
    });
    expect(result.matched.matches[0]).toMatchObject({ existing_product_id: cheese.id, confidence: "high" });
    expect(result.matched.is_new_product).toBe(false);
    expect(result.matched.matches.length).toBeLessThanOrEqual(5);
    for (const match of result.matched.matches) expect(match.confidence).toBe(band(match.similarity_score));
  });

  it("a description nothing resembles is a new product with no match", async () => {
    const result = expectShape(
      await call(withoutModel, "POST", "/import/match-products", {
        as: users.staff,
        body: { description: "Xilófono cuántico" },
      }),
      200,
      matchProductResponseSchema,
    );
    expect(result.matched).toMatchObject({ matches: [], is_new_product: true, suggested_name: "Xilófono Cuántico" });
  });

  it("422 for a blank description, 403 without a role, 401 without a token", async () => {
    expectApiError(
      await call(withoutModel, "POST", "/import/match-products", { as: users.staff, body: { description: " " } }),
      422,
      "VALIDATION_ERROR",
    );
    expectApiError(
      await call(withoutModel, "POST", "/import/match-products", { as: users.noRole, body: { description: "leche" } }),
      403,
      "FORBIDDEN",
    );
    expectApiError(
      await call(withoutModel, "POST", "/import/match-products", { body: { description: "leche" } }),
      401,
      "UNAUTHORIZED",
    );
  });
});

describe("POST /import/autocomplete-product", () => {
  it("asks the model when one is configured (5 suggestions at most)", async () => {
    const result = expectShape(
      await call(withModel, "POST", "/import/autocomplete-product", {
        as: users.staff,
        body: { partial_text: "Escoba met", context: "limpieza" },
      }),
      200,
      autocompleteResponseSchema,
    );
    expect(result.suggestions).toHaveLength(5);
    expect(result.suggestions[0]).toEqual({
      name: "Escoba Metálica 1",
      description: "Escoba de metal resistente para uso industrial.",
      category: "Limpieza",
    });
    expect(stub.requests.at(-1)?.prompt).toContain("Escoba met");
  });

  it("suggests the catalog's own names without a model", async () => {
    const bakery = await createCategory(db.sql, "Panadería");
    await createProduct(db.sql, { name: "Pan de Batalla (unidad)", categoryId: bakery.id });
    const result = expectShape(
      await call(withoutModel, "POST", "/import/autocomplete-product", {
        as: users.staff,
        body: { partial_text: "pan batalla" },
      }),
      200,
      autocompleteResponseSchema,
    );
    expect(result.suggestions[0]).toMatchObject({ name: "Pan de Batalla (unidad)", category: "Panadería" });
  });

  it("422 for one letter; 403 without a role", async () => {
    expectApiError(
      await call(withoutModel, "POST", "/import/autocomplete-product", {
        as: users.staff,
        body: { partial_text: "a" },
      }),
      422,
      "VALIDATION_ERROR",
    );
    expectApiError(
      await call(withModel, "POST", "/import/autocomplete-product", {
        as: users.noRole,
        body: { partial_text: "escoba" },
      }),
      403,
      "FORBIDDEN",
    );
  });
});

describe("POST /import/bulk-create", () => {
  it("creates the good products and reports the failing one; each item on its own", async () => {
    const cleaning = await createCategory(db.sql, "Artículos de Limpieza");
    const before = await categoryCount();
    const result = expectShape(
      await call(withoutModel, "POST", "/import/bulk-create", {
        as: users.manager,
        body: {
          create_missing_categories: true,
          products: [
            {
              name: "Basurera Max Grande",
              category_name: "articulos de LIMPIEZA",
              unit_price: 45,
              cost_price: 30,
              min_stock_level: 5,
            },
            { name: "Gato Hidráulico 2 t", category_name: "Ñandú Óptica y Repuestos", unit_price: 285 },
            { name: "Cámara Gris", category_name: "ñandu optica y repuestos", unit_price: 90.005 },
            { name: "Cámara Gris", category_name: "ÑANDÚ ÓPTICA Y REPUESTOS ", unit_price: 90, description: "Aro 16" },
            { name: "Sin categoría", unit_price: "12.50" },
          ],
        },
      }),
      201,
      bulkCreateResponseSchema,
    );
    expect(result).toMatchObject({ total_requested: 5, total_created: 4, total_failed: 1, categories_created: 1 });
    expect(result.results.map((r) => [r.index, r.success])).toEqual([
      [0, true],
      [1, true],
      [2, false],
      [3, true],
      [4, true],
    ]);
    const failed = result.results[2];
    expect(failed).toMatchObject({ product_id: null, product_sku: null });
    expect(failed?.error).toBe(
      "El precio o monto no es válido: no puede ser negativo, lleva como máximo 2 decimales y no puede superar 9.999.999.999,99 (un pago debe ser mayor que cero). (campo: unit_price)",
    );

    const ids = result.results.flatMap((r) => (r.product_id ? [r.product_id] : []));
    const rows = await db.sql<{ id: string; sku: string; category: string | null; unit_price: string }[]>`
      select p.id, p.sku, c.name as category, p.unit_price::text
        from public.products p left join public.categories c on c.id = p.category_id
       where p.id = any(${ids}::uuid[])
    `;
    const created = ids.map((id) => rows.find((row) => row.id === id));
    expect(created.map((row) => row?.category)).toEqual([
      cleaning.name,
      "Ñandú Óptica y Repuestos",
      "Ñandú Óptica y Repuestos",
      null,
    ]);
    for (const row of created) expect(row?.sku).toMatch(/^[A-Z0-9-]{1,50}$/);
    expect(new Set(created.map((row) => row?.sku)).size).toBe(4);
    expect(created.map((row) => row?.sku.split("-")[0])).toEqual(["ART", "NAN", "NAN", "GEN"]);
    expect(result.results.map((r) => r.product_sku).filter(Boolean)).toEqual(created.map((row) => row?.sku));
    expect(await categoryCount()).toBe(before + 1);
  });

  it("numbers after the SKUs a category already uses", async () => {
    const pets = await createCategory(db.sql, "Mascotas y Más");
    await createProduct(db.sql, { name: "Alimento", categoryId: pets.id, sku: "MAS-0041" });
    const result = expectShape(
      await call(withoutModel, "POST", "/import/bulk-create", {
        as: users.admin,
        body: { products: [{ name: "Collar", category_id: pets.id, unit_price: 20 }] },
      }),
      201,
      bulkCreateResponseSchema,
    );
    expect(result.results[0]?.product_sku).toBe("MAS-0042");
  });

  it("two imports at once into one new category create it once, and never the same SKU", async () => {
    const body = (label: string) => ({
      create_missing_categories: true,
      products: Array.from({ length: 5 }, (_, i) => ({
        name: `${label} ${i}`,
        category_name: "Ferretería Pesada",
        unit_price: 10,
      })),
    });
    const [a, b] = await Promise.all([
      call(withoutModel, "POST", "/import/bulk-create", { as: users.manager, body: body("Clavo") }),
      call(withoutModel, "POST", "/import/bulk-create", { as: users.admin, body: body("Tornillo") }),
    ]);
    const results = [a, b].map((answer) => expectShape(answer, 201, bulkCreateResponseSchema));
    expect(results.map((r) => r.total_created)).toEqual([5, 5]);
    expect(results.map((r) => r.categories_created).sort()).toEqual([0, 1]);
    const skus = results.flatMap((r) => r.results.map((item) => item.product_sku));
    expect(new Set(skus).size).toBe(10);
    const rows = await db.sql`select 1 from public.categories where lower(name) = 'ferretería pesada'`;
    expect(rows).toHaveLength(1);
  });

  it("an unknown category without create_missing_categories fails that item only", async () => {
    const result = expectShape(
      await call(withoutModel, "POST", "/import/bulk-create", {
        as: users.manager,
        body: { products: [{ name: "Vela", category_name: "Iluminación Sagrada", unit_price: 2 }] },
      }),
      201,
      bulkCreateResponseSchema,
    );
    expect(result.results[0]).toMatchObject({ success: false, error: "Categoría no encontrada." });
  });

  it.each(["staff", "viewer", "noRole"] as const)("403 for %s, and nothing is written", async (who) => {
    const before = await categoryCount();
    await writesNothing(db.sql, async () => {
      expectApiError(
        await call(withoutModel, "POST", "/import/bulk-create", {
          as: users[who],
          body: { create_missing_categories: true, products: [{ name: "X", category_name: "Nueva", unit_price: 1 }] },
        }),
        403,
        "FORBIDDEN",
      );
    });
    expect(await categoryCount()).toBe(before);
  });

  it.each([
    ["no product", { products: [] }],
    ["101 products", { products: Array.from({ length: 101 }, (_, i) => ({ name: `P${i}`, unit_price: 1 })) }],
    ["a price as a word", { products: [{ name: "X", unit_price: "diez" }] }],
    ["an unknown field", { products: [{ name: "X", unit_price: 1, sku: "X-1" }] }],
  ])("%s is 422 and writes nothing", async (_what, body) => {
    await writesNothing(db.sql, async () => {
      expectApiError(
        await call(withoutModel, "POST", "/import/bulk-create", { as: users.manager, body }),
        422,
        "VALIDATION_ERROR",
      );
    });
  });

  it("takes 100 products in a body over 64 KiB (the route's limit is its own)", async () => {
    const products = Array.from({ length: 100 }, (_, i) => ({
      name: `Producto importado ${i}`,
      description: "d".repeat(900),
      unit_price: 1,
    }));
    const result = expectShape(
      await call(withoutModel, "POST", "/import/bulk-create", { as: users.manager, body: { products } }),
      201,
      bulkCreateResponseSchema,
    );
    expect(result.total_created).toBe(100);
  });
});
