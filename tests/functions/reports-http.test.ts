import { beforeAll, describe, expect, it } from "vitest";
import type { DailySummary } from "../../supabase/functions/_shared/responses.ts";
import { fragments, parseCsv, parseCsvCells, readsAsFormula } from "../helpers/csv.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { createCategory, createProduct, type ProductFixture } from "../helpers/fixtures.ts";
import { expectError, fieldsOf, get, postJson, read, type Sale, useInProcessApps, useUsers } from "./support.ts";

/**
 * The reports function in-process: the daily summary of a La Paz day as JSON
 * and as a CSV a spreadsheet opens correctly, and the low-stock list; read as
 * the caller (viewers and above), with strict query strings.
 */

const db = useTestDatabase();
const apps = useInProcessApps(db);
const users = useUsers(db);

type Summary = DailySummary;

async function sell(items: { product_id: string; quantity: number }[], extra: Record<string, unknown> = {}) {
  const { status, body, text } = await read<Sale>(
    await postJson(apps.sales, "/sales", { items, tax_rate: 13, ...extra }, { as: users.manager }),
  );
  expect(status, text).toBe(201);
  return body.data as Sale;
}

/** The calendar day of an instant in La Paz, as the database computes it. */
async function laPazDay(instant: string): Promise<string> {
  const [row] = await db.sql<{ day: string }[]>`
    select ((${instant}::timestamptz) at time zone 'America/La_Paz')::date::text as day
  `;
  return row?.day ?? "";
}

/** The figures of a La Paz day recomputed from the rows. */
async function recomputed(day: string) {
  const [row] = await db.sql<{ sales_count: number; cancelled_count: number; total: string; items_sold: number }[]>`
    select count(*) filter (where s.status = 'COMPLETED')::int as sales_count,
           count(*) filter (where s.status = 'CANCELLED')::int as cancelled_count,
           coalesce(sum(s.total) filter (where s.status = 'COMPLETED'), 0)::text as total,
           coalesce((select sum(i.quantity) from public.sale_items i join public.sales x on x.id = i.sale_id
                      where x.status = 'COMPLETED' and (x.sale_date at time zone 'America/La_Paz')::date = ${day}::date), 0)::int
             as items_sold
      from public.sales s
     where (s.sale_date at time zone 'America/La_Paz')::date = ${day}::date
  `;
  return { ...row, total: Number(row?.total) };
}

describe("GET /reports/daily-summary", () => {
  let day: string;
  let cancelled: Sale;

  beforeAll(async () => {
    const a = await createProduct(db.sql, { stock: 50, unitPrice: "7.50" });
    const b = await createProduct(db.sql, { stock: 50, unitPrice: "2.00" });
    const first = await sell([{ product_id: a.id, quantity: 2 }], { payment_method: "CARD" });
    await sell([
      { product_id: a.id, quantity: 1 },
      { product_id: b.id, quantity: 5 },
    ]);
    cancelled = await sell([{ product_id: b.id, quantity: 3 }]);
    const res = await postJson(
      apps.sales,
      `/sales/${cancelled.id}/cancel`,
      { reason: "prueba" },
      { as: users.manager },
    );
    expect(res.status).toBe(200);
    day = await laPazDay(first.sale_date);
  });

  it("returns the summary of that La Paz day, matching a recomputation from the rows", async () => {
    for (const reader of [users.viewer, users.staff, users.manager, users.admin]) {
      const { status, body } = await read<Summary>(
        await get(apps.reports, `/reports/daily-summary?date=${day}`, { as: reader }),
      );
      expect(status).toBe(200);
      expect(body.success).toBe(true);
      const summary = body.data as Summary;
      const expected = await recomputed(day);
      expect(summary).toMatchObject({
        date: day,
        timezone: "America/La_Paz",
        sales_count: expected.sales_count,
        cancelled_count: expected.cancelled_count,
        items_sold: expected.items_sold,
        total: expected.total,
      });
      expect(summary.cancelled_count).toBeGreaterThanOrEqual(1);
      expect(summary.hourly).toHaveLength(24);
      expect(summary.hourly.reduce((sum, hour) => sum + hour.sales_count, 0)).toBe(summary.sales_count);
    }
  });

  it("without a date: today in La Paz; a day without sales: zeros", async () => {
    const [before] = await db.sql<{ day: string }[]>`select (now() at time zone 'America/La_Paz')::date::text as day`;
    const { body } = await read<Summary>(await get(apps.reports, "/reports/daily-summary", { as: users.viewer }));
    const [after] = await db.sql<{ day: string }[]>`select (now() at time zone 'America/La_Paz')::date::text as day`;
    expect([before?.day, after?.day]).toContain(body.data?.date);

    const { status, body: empty } = await read<Summary>(
      await get(apps.reports, "/reports/daily-summary?date=2001-01-01", { as: users.viewer }),
    );
    expect(status).toBe(200);
    expect(empty.data).toMatchObject({ date: "2001-01-01", sales_count: 0, total: 0, items_sold: 0 });
  });

  it("format=json is the default, spelled out", async () => {
    const json = await get(apps.reports, `/reports/daily-summary?date=${day}&format=json`, { as: users.viewer });
    expect(json.status).toBe(200);
    expect(json.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it.each([
    ["date=2026-02-30", "date"],
    ["date=2025-02-29", "date"],
    ["date=0000-01-01", "date"],
    ["date=yesterday", "date"],
    ["date=2026-2-3", "date"],
    ["date=20260203", "date"],
    ["date=2026-01-01T00:00:00Z", "date"],
    ["date=", "date"],
    ["date=2026-01-01&date=2026-01-02", "date"],
    ["format=xlsx", "format"],
    ["format=CSV", "format"],
    ["foo=1", "foo"],
    ["date=2026-01-01&tz=UTC", "tz"],
  ])("?%s is 400 VALIDATION_ERROR naming %s", async (query, field) => {
    const error = await expectError(
      get(apps.reports, `/reports/daily-summary?${query}`, { as: users.viewer }),
      400,
      "VALIDATION_ERROR",
    );
    expect(fieldsOf(error)).toEqual([field]);
  });

  it("viewers and above read it; a user without a role is 403; no token is 401", async () => {
    await expectError(get(apps.reports, `/reports/daily-summary?date=${day}`, { as: users.noRole }), 403, "FORBIDDEN");
    await expectError(
      get(apps.reports, `/reports/daily-summary?date=${day}&format=csv`, { as: users.noRole }),
      403,
      "FORBIDDEN",
    );
    await expectError(get(apps.reports, `/reports/daily-summary?date=${day}`, { as: null }), 401, "UNAUTHORIZED");
  });
});

describe("GET /reports/daily-summary?format=csv", () => {
  const names = {
    comma: "Azúcar morena, 1 kg",
    quotes: 'Leche "Pil" entera 1 L',
    formula: '=HYPERLINK("http://example.com","clic")',
    plus: "+591 recarga",
    at: "@SUM(A1)",
    plain: "Café Copacabana — ñandú",
  };
  const products: Record<keyof typeof names, ProductFixture> = {} as never;
  let day: string;
  let res: Response;
  let bytes: Uint8Array;
  let text: string;

  beforeAll(async () => {
    // Large quantities, so these lead the file's top-10 lists whatever else was sold today.
    let quantity = 900;
    const items: { product_id: string; quantity: number }[] = [];
    for (const [key, name] of Object.entries(names) as [keyof typeof names, string][]) {
      products[key] = await createProduct(db.sql, { stock: 1000, unitPrice: "1.00", name });
      items.push({ product_id: products[key].id, quantity: quantity-- });
    }
    const sale = await sell(items, { tax_rate: 0 });
    day = await laPazDay(sale.sale_date);
    res = await get(apps.reports, `/reports/daily-summary?date=${day}&format=csv`, { as: users.viewer });
    bytes = new Uint8Array(await res.arrayBuffer());
    text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  });

  it("is text/csv in UTF-8 with a byte order mark, CRLF line ends and a file name", () => {
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="resumen-${day}.csv"`);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.startsWith('\uFEFF"metric","value"\r\n')).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replaceAll("\r\n", "")).not.toMatch(/[\r\n]/);
  });

  it("parses back to the JSON summary's figures", async () => {
    const rows = parseCsv(text.slice(1));
    const { body } = await read<Summary>(
      await get(apps.reports, `/reports/daily-summary?date=${day}`, { as: users.viewer }),
    );
    const summary = body.data as Summary;
    const metrics = Object.fromEntries(rows.slice(1, 15).map(([key, value]) => [key, value]));
    expect(metrics).toMatchObject({
      date: day,
      timezone: "America/La_Paz",
      sales_count: String(summary.sales_count),
      cancelled_count: String(summary.cancelled_count),
      total: String(summary.total),
    });
    for (const header of [
      ["payment_method", "sales_count", "total"],
      ["top_by_quantity_rank", "sku", "name", "quantity", "revenue"],
      ["top_by_revenue_rank", "sku", "name", "quantity", "revenue"],
      ["hour", "sales_count", "total"],
    ]) {
      expect(rows).toContainEqual(header);
    }
    expect(rows).toContainEqual(["00:00", expect.any(String), expect.any(String)]);
  });

  it("keeps accents, quotes cells that need it, and neutralises cells that would start a formula", () => {
    const rows = parseCsv(text.slice(1));
    const start = rows.findIndex((row) => row[0] === "top_by_quantity_rank");
    const top = rows.slice(start + 1, start + 7);
    expect(top.map((row) => [row[0], row[1], row[2], row[3]])).toEqual([
      ["1", products.comma.sku, "Azúcar morena, 1 kg", "900"],
      ["2", products.quotes.sku, 'Leche "Pil" entera 1 L', "899"],
      ["3", products.formula.sku, `'=HYPERLINK("http://example.com","clic")`, "898"],
      ["4", products.plus.sku, "'+591 recarga", "897"],
      ["5", products.at.sku, "'@SUM(A1)", "896"],
      ["6", products.plain.sku, "Café Copacabana — ñandú", "895"],
    ]);
    // On the wire: quoted and doubled where needed, the formula behind an apostrophe.
    expect(text).toContain(',"Azúcar morena, 1 kg",900,');
    expect(text).toContain(',"Leche ""Pil"" entera 1 L",899,');
    expect(text).toContain(`,"'=HYPERLINK(""http://example.com"",""clic"")",898,`);
    expect(text).not.toMatch(/(^|,)=/m);
    expect(new TextEncoder().encode("Azúcar")).toEqual(
      bytes.slice(text.indexOf("Azúcar") + 2, text.indexOf("Azúcar") + 9),
    );
  });
});

describe("GET /reports/daily-summary?format=csv&delimiter=…, with product names that hide formulas", () => {
  /**
   * Sold for real, in one sale: each name and the cell it must come out as
   * (an apostrophe wherever a spreadsheet could start a cell with a formula).
   * The first ten lead today's top products by quantity, the other ten by
   * revenue, so all twenty appear in the file.
   */
  const byQuantity: [string, string][] = [
    ["Leche PIL;=1+1;", "Leche PIL;'=1+1;"],
    ["Leche PIL,=1+1,", "Leche PIL,'=1+1,"],
    ['=HYPERLINK("http://x.example","clic")', `'=HYPERLINK("http://x.example","clic")`],
    ["  =1+1", "'  =1+1"],
    ["\u00A0=1+1", "'\u00A0=1+1"],
    ["\uFF1D1+1 Yogur", "'\uFF1D1+1 Yogur"],
    ["Pan;\uFF0B1;\uFF0D1;\uFF20A1", "Pan;'\uFF0B1;'\uFF0D1;'\uFF20A1"],
    ["\t=1+1", "'\t'=1+1"],
    ["\r@SUM(A1)", "'\r'@SUM(A1)"],
    ["Pan\r\n=1+1\n-2+3", "Pan\r\n'=1+1\n'-2+3"],
  ];
  const byRevenue: [string, string][] = [
    ["Arroz; -2+3", "Arroz;' -2+3"],
    ["Azúcar;\u00A0+1", "Azúcar;'\u00A0+1"],
    ["Fideo;\t=1", "Fideo;'\t'=1"],
    ['Sal;"=1+1"', `Sal;'"=1+1"`],
    ["Harina\t+1", "Harina\t'+1"],
    ["Café,\u3000=1", "Café,'\u3000=1"],
    ["Chuño;;=1", "Chuño;;'=1"],
    ['Té "Windsor"; @A1', `Té "Windsor";' @A1`],
    ["Coca-Cola 2 L; 3-pack", "Coca-Cola 2 L; 3-pack"],
    ["Café Copacabana — ñandú", "Café Copacabana — ñandú"],
  ];
  const ids = new Map<string, string>();
  let day: string;
  let summary: Summary;

  beforeAll(async () => {
    const items: { product_id: string; quantity: number }[] = [];
    for (const [index, [name]] of byQuantity.entries()) {
      const product = await createProduct(db.sql, { stock: 1000, unitPrice: "0.01", name });
      ids.set(name, product.id);
      items.push({ product_id: product.id, quantity: 990 - index });
    }
    for (const [index, [name]] of byRevenue.entries()) {
      const product = await createProduct(db.sql, { stock: 10, unitPrice: `${5000 - index}.00`, name });
      ids.set(name, product.id);
      items.push({ product_id: product.id, quantity: 1 });
    }
    const sale = await sell(items, { tax_rate: 0 });
    day = await laPazDay(sale.sale_date);
    const { body } = await read<Summary>(
      await get(apps.reports, `/reports/daily-summary?date=${day}`, { as: users.viewer }),
    );
    summary = body.data as Summary;
    // The names went through the database and back untouched: the summary (JSON) has them as sold.
    expect(summary.top_products_by_quantity.map((row) => row.name)).toEqual(byQuantity.map(([name]) => name));
    expect(summary.top_products_by_revenue.map((row) => row.name)).toEqual(byRevenue.map(([name]) => name));
  });

  async function csvOf(query: string) {
    const res = await get(apps.reports, `/reports/daily-summary?date=${day}&format=csv${query}`, { as: users.viewer });
    expect(res.status).toBe(200);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
    return { res, text };
  }

  it.each([
    ["comma", ",", ""],
    ["comma", ",", "&delimiter=comma"],
    ["semicolon", ";", "&delimiter=semicolon"],
  ])("%s (%s, query `%s`): says its separator and parses back into the right cells", async (name, separator, query) => {
    const { res, text } = await csvOf(query);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("x-csv-delimiter")).toBe(name);
    expect(text.startsWith(`\uFEFF"metric"${separator}"value"\r\n`)).toBe(true);
    const rows = parseCsv(text.slice(1), separator);
    for (const [header, list, expected] of [
      ["top_by_quantity_rank", summary.top_products_by_quantity, byQuantity],
      ["top_by_revenue_rank", summary.top_products_by_revenue, byRevenue],
    ] as const) {
      const start = rows.findIndex((row) => row[0] === header);
      expect(rows[start]).toEqual([header, "sku", "name", "quantity", "revenue"]);
      expect(rows.slice(start + 1, start + 11)).toEqual(
        list.map((row, index) => [
          String(index + 1),
          row.sku,
          expected[index]?.[1],
          String(row.quantity),
          String(row.revenue),
        ]),
      );
      expect(list.map((row) => row.product_id)).toEqual(expected.map(([productName]) => ids.get(productName)));
    }
    expect(Object.fromEntries(rows.slice(1, 15).map(([key, value]) => [key, value]))).toMatchObject({
      date: day,
      total: String(summary.total),
      gross_profit: String(summary.gross_profit ?? ""),
    });
  });

  it.each([
    ["comma", ","],
    ["semicolon", ";"],
  ])(
    "%s: every text cell quoted, numbers bare with a decimal point, and no cell a spreadsheet reads as a formula",
    async (name, separator) => {
      const { text } = await csvOf(`&delimiter=${name}`);
      const cells = parseCsvCells(text.slice(1), separator).flat();
      for (const cell of cells.filter((cell) => !cell.quoted)) expect(cell.value).toMatch(/^(-?\d+(\.\d+)?)?$/);
      expect(cells.filter((cell) => cell.quoted && /^-?\d+(\.\d+)?$/.test(cell.value))).toEqual([]);
      expect(cells.find((cell) => cell.value === String(summary.total))?.quoted).toBe(false);
      expect(cells.map((cell) => cell.value).filter(readsAsFormula)).toEqual([]);
      // Whatever separator a spreadsheet guesses (Excel in es-BO splits on ';'), quotes honoured or not.
      expect(fragments(text).filter(readsAsFormula)).toEqual([]);
      expect(text).not.toContain(";=1+1;");
    },
  );

  it("delimiter takes comma or semicolon, with format=csv only", async () => {
    for (const [query, field] of [
      ["format=csv&delimiter=tab", "delimiter"],
      ["format=csv&delimiter=;", "delimiter"],
      ["format=csv&delimiter=SEMICOLON", "delimiter"],
      ["delimiter=semicolon", "delimiter"],
      ["format=json&delimiter=comma", "delimiter"],
    ]) {
      const error = await expectError(
        get(apps.reports, `/reports/daily-summary?date=${day}&${query}`, { as: users.viewer }),
        400,
        "VALIDATION_ERROR",
      );
      expect(fieldsOf(error), query).toEqual([field]);
    }
  });
});

describe("GET /reports/low-stock", () => {
  let category: { id: string; name: string };
  let low: ProductFixture;
  let empty: ProductFixture;
  let fine: ProductFixture;
  let inactive: ProductFixture;

  beforeAll(async () => {
    category = await createCategory(db.sql, `Lácteos ${crypto.randomUUID().slice(0, 6)}`);
    low = await createProduct(db.sql, { stock: 3, minStock: 10, categoryId: category.id, name: "Yogur de durazno" });
    empty = await createProduct(db.sql, { stock: 0, minStock: 2 });
    fine = await createProduct(db.sql, { stock: 20, minStock: 5 });
    inactive = await createProduct(db.sql, { stock: 0, minStock: 5, active: false });
  });

  it("returns the low_stock_products rows in their shape, out of stock first", async () => {
    const { status, body } = await read<Record<string, unknown>[]>(
      await get(apps.reports, "/reports/low-stock", { as: users.viewer }),
    );
    expect(status).toBe(200);
    const rows = body.data as Record<string, unknown>[];
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(
        ["category_name", "current_stock", "id", "min_stock_level", "name", "sku", "units_needed"].sort(),
      );
    }
    const ours = rows.filter((row) => [low.id, empty.id, fine.id, inactive.id].includes(row.id as string));
    expect(ours).toEqual([
      {
        id: empty.id,
        sku: empty.sku,
        name: empty.name,
        category_name: null,
        current_stock: 0,
        min_stock_level: 2,
        units_needed: 2,
      },
      {
        id: low.id,
        sku: low.sku,
        name: "Yogur de durazno",
        category_name: category.name,
        current_stock: 3,
        min_stock_level: 10,
        units_needed: 7,
      },
    ]);
    const view = await db.sql<{ id: string }[]>`select id from public.low_stock_products`;
    expect(rows.map((row) => row.id)).toEqual(view.map((row) => row.id));
  });

  it("takes a limit, and refuses a bad one or an unknown parameter", async () => {
    const { body } = await read<unknown[]>(await get(apps.reports, "/reports/low-stock?limit=1", { as: users.viewer }));
    expect(body.data).toHaveLength(1);
    for (const [query, field] of [
      ["limit=0", "limit"],
      ["limit=abc", "limit"],
      ["limit=1.5", "limit"],
      ["limit=100000", "limit"],
      ["category=x", "category"],
    ]) {
      const error = await expectError(
        get(apps.reports, `/reports/low-stock?${query}`, { as: users.viewer }),
        400,
        "VALIDATION_ERROR",
      );
      expect(fieldsOf(error)).toEqual([field]);
    }
  });

  it("viewers and above read it; a user without a role is 403, not an empty list; no token is 401", async () => {
    for (const reader of [users.staff, users.manager, users.admin]) {
      expect((await get(apps.reports, "/reports/low-stock", { as: reader })).status).toBe(200);
    }
    await expectError(get(apps.reports, "/reports/low-stock", { as: users.noRole }), 403, "FORBIDDEN");
    await expectError(get(apps.reports, "/reports/low-stock", { as: null }), 401, "UNAUTHORIZED");
  });

  it("reports are read-only: another method is 405 METHOD_NOT_ALLOWED with an Allow header", async () => {
    for (const path of ["/reports/low-stock", "/reports/daily-summary"]) {
      const res = await postJson(apps.reports, path, {}, { as: users.admin });
      expect(res.headers.get("allow")).toBe("GET, OPTIONS");
      await expectError(res, 405, "METHOD_NOT_ALLOWED");
    }
    await expectError(get(apps.reports, "/reports/nothing-here", { as: users.admin }), 404, "NOT_FOUND");
  });
});
