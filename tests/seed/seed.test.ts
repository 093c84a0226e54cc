/**
 * The demo store of `supabase/seed.sql`, as the global setup loaded it (after
 * the migrations, in one transaction, as `npm run dev` does): a believable
 * Bolivian shop whose stock history satisfies the ledger invariant from its
 * first row, with one demo user per role.
 */
import { applySeed, storeSummary } from "@comarapa/local-stack";
import { describe, expect, it } from "vitest";
import { cashSessionSchema } from "../../supabase/functions/_shared/responses.ts";
import { type Actor, actAs, rpcAs, serviceRole } from "../helpers/act.ts";
import { createTestDatabase, dropTestDatabase, type Sql, useTestDatabase } from "../helpers/db.ts";

const db = useTestDatabase({ seeded: true });

const DEMO_USERS = {
  admin: { id: "a0000000-0000-4000-8000-000000000001", email: "admin@comarapa.bo" },
  manager: { id: "a0000000-0000-4000-8000-000000000002", email: "gerente@comarapa.bo" },
  staff: { id: "a0000000-0000-4000-8000-000000000003", email: "cajero@comarapa.bo" },
  viewer: { id: "a0000000-0000-4000-8000-000000000004", email: "visor@comarapa.bo" },
} as const;
const DEMO_PASSWORD = "comarapa123";

function demo(role: keyof typeof DEMO_USERS): Actor {
  return { kind: "user", ...DEMO_USERS[role], label: role };
}

const SKU = /^[A-Z0-9-]{1,50}$/;
const ACCENTED = /[áéíóúüñÁÉÍÓÚÜÑ]/;

/** An EAN-13 with the Bolivian GS1 prefix 777 and a correct check digit. */
function isBolivianEan13(code: string): boolean {
  if (!/^777\d{10}$/.test(code)) return false;
  const digits = [...code].map(Number);
  const sum = digits.slice(0, 12).reduce((total, digit, index) => total + digit * (index % 2 === 0 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10 === digits[12];
}

function one<T>(rows: readonly T[]): T {
  const [row] = rows;
  if (rows.length !== 1 || row === undefined) throw new Error(`expected one row, got ${rows.length}`);
  return row;
}

interface ProductRow {
  id: string;
  sku: string;
  barcode: string | null;
  name: string;
  category: string | null;
  unit_price: string;
  cost_price: string;
  current_stock: number;
  min_stock_level: number;
  is_active: boolean;
}

function products(sql: Sql) {
  return sql<ProductRow[]>`
    select p.id, p.sku, p.barcode, p.name, c.name as category, p.unit_price::text, p.cost_price::text,
           p.current_stock, p.min_stock_level, p.is_active
      from public.products p left join public.categories c on c.id = p.category_id
     order by p.sku
  `;
}

describe("the catalog", () => {
  it("has at least 15 categories with Spanish names and descriptions, each with products", async () => {
    const categories = await db.sql<{ name: string; description: string | null; products: number }[]>`
      select c.name, c.description, count(p.id)::int as products
        from public.categories c left join public.products p on p.category_id = c.id
       group by c.id order by c.name
    `;
    expect(categories.length).toBeGreaterThanOrEqual(15);
    expect(categories.map((category) => category.name)).toEqual(
      expect.arrayContaining([
        "Abarrotes",
        "Bebidas",
        "Lácteos",
        "Limpieza",
        "Higiene Personal",
        "Panadería",
        "Carnes y Embutidos",
        "Frutas y Verduras",
        "Snacks y Golosinas",
        "Enlatados",
        "Bebidas Alcohólicas",
        "Mascotas",
        "Bazar / Librería",
        "Ferretería básica",
        "Bebés",
      ]),
    );
    for (const category of categories) {
      expect(category.description?.length ?? 0, category.name).toBeGreaterThan(10);
      expect(category.products, category.name).toBeGreaterThanOrEqual(5);
    }
  });

  it("has at least 300 active products with Spanish names, valid SKUs and Bolivian barcodes", async () => {
    const rows = await products(db.sql);
    expect(rows.length).toBeGreaterThanOrEqual(300);
    expect(rows.filter((row) => !row.is_active)).toEqual([]);
    expect(rows.filter((row) => !SKU.test(row.sku)).map((row) => row.sku)).toEqual([]);
    expect(rows.filter((row) => row.category === null).map((row) => row.sku)).toEqual([]);
    expect(rows.filter((row) => ACCENTED.test(row.name)).length).toBeGreaterThanOrEqual(30);
    expect(new Set(rows.map((row) => row.name.toLowerCase())).size).toBe(rows.length);
    const names = rows.map((row) => row.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "Azúcar Guabirá 1 kg",
        "Aceite Fino 900 ml",
        "Arroz Grano de Oro 1 kg",
        "Leche PIL Entera 1 L",
        "Fideo Lazzaroni Tallarín 400 g",
        "Café Copacabana Molido 250 g",
        "Singani Casa Real 750 ml",
        "Cerveza Paceña 620 ml",
        "Coca-Cola 2 L",
        "Detergente Ola 1 kg",
        "Papel Higiénico Elite x4",
        "Marraqueta (unidad)",
      ]),
    );

    const barcodes = rows.flatMap((row) => (row.barcode ? [row.barcode] : []));
    expect(barcodes.length).toBeGreaterThanOrEqual(rows.length / 2);
    expect(barcodes.filter((code) => !isBolivianEan13(code))).toEqual([]);
    expect(new Set(barcodes).size).toBe(barcodes.length);
    // Goods sold by weight or baked in the day carry no barcode.
    expect(rows.find((row) => row.name === "Marraqueta (unidad)")?.barcode).toBeNull();
    expect(rows.find((row) => row.name === "Tomate (kg)")?.barcode).toBeNull();
  });

  it("prices in bolivianos: positive, cost below price with a 15–35% margin, at believable levels", async () => {
    const offMargin = await db.sql`
      select sku, unit_price, cost_price from public.products
       where not (unit_price > 0 and cost_price > 0 and cost_price < unit_price
                  and (unit_price - cost_price) / unit_price between 0.15 and 0.35)
    `;
    expect(offMargin).toEqual([]);
    const rows = await products(db.sql);
    const price = (name: string) => Number(rows.find((row) => row.name === name)?.unit_price);
    expect(price("Marraqueta (unidad)")).toBe(0.5);
    expect(price("Arroz Grano de Oro 1 kg")).toBeGreaterThanOrEqual(7);
    expect(price("Arroz Grano de Oro 1 kg")).toBeLessThanOrEqual(13);
    expect(price("Aceite Fino 900 ml")).toBeGreaterThanOrEqual(12);
    expect(price("Aceite Fino 900 ml")).toBeLessThanOrEqual(22);
    expect(price("Cerveza Paceña 620 ml")).toBeGreaterThanOrEqual(10);
    expect(price("Cerveza Paceña 620 ml")).toBeLessThanOrEqual(15);
    for (const row of rows) expect(Number(row.unit_price), row.name).toBeLessThanOrEqual(500);
  });

  it("keeps the store settings its migration created", async () => {
    const settings = await db.sql`select store_name, currency, timezone from public.store_settings`;
    expect(settings).toEqual([{ store_name: "Comercial Comarapa", currency: "BOB", timezone: "America/La_Paz" }]);
  });
});

describe("the stock", () => {
  it("came through the ledger: every stocked product's first movement is its one INITIAL_STOCK entry", async () => {
    const firsts = await db.sql<{ sku: string; movement_type: string; reason: string; previous_stock: number }[]>`
      select distinct on (m.product_id) p.sku, m.movement_type::text, m.reason, m.previous_stock
        from public.inventory_movements m join public.products p on p.id = m.product_id
       order by m.product_id, m.seq
    `;
    expect(firsts.length).toBeGreaterThanOrEqual(300);
    expect(firsts.filter((first) => first.movement_type !== "ENTRY" || first.reason !== "INITIAL_STOCK")).toEqual([]);
    expect(firsts.filter((first) => first.previous_stock !== 0)).toEqual([]);

    const [counts] = await db.sql<{ twice: number; stocked_without_history: number; initial_by_user: number }[]>`
      select
        (select count(*)::int from (select product_id from public.inventory_movements where reason = 'INITIAL_STOCK'
                                     group by product_id having count(*) > 1) t) as twice,
        (select count(*)::int from public.products p where p.current_stock > 0
            and not exists (select from public.inventory_movements m where m.product_id = p.id)) as stocked_without_history,
        (select count(*)::int from public.inventory_movements where reason = 'INITIAL_STOCK' and created_by is not null)
          as initial_by_user
    `;
    expect(counts).toEqual({ twice: 0, stocked_without_history: 0, initial_by_user: 0 });
  });

  it("has a lived-in history after opening, each movement by a demo user whose role allows it, and a first morning of sales", async () => {
    const later = await db.sql<{ movement_type: string; reason: string; role: string | null; n: number }[]>`
      select m.movement_type::text, m.reason, r.role::text, count(*)::int as n
        from public.inventory_movements m left join public.user_roles r on r.user_id = m.created_by
       where m.reason <> 'INITIAL_STOCK'
       group by 1, 2, 3 order by 1, 2, 3
    `;
    const reasons = new Set(later.map((row) => row.reason));
    for (const reason of ["PURCHASE", "DAMAGE", "COUNT_CORRECTION"]) expect(reasons).toContain(reason);
    for (const row of later) {
      const allowed =
        row.reason === "SALE"
          ? ["staff", "manager", "admin"]
          : row.movement_type === "ENTRY" && row.reason !== "SALE_CANCELLATION"
            ? ["staff", "manager", "admin"]
            : ["manager", "admin"];
      expect(allowed, `${row.movement_type} ${row.reason} by ${row.role}`).toContain(row.role);
    }
    // This morning: twelve sales rung up by the cashier through create_sale; the manager cancelled one.
    const sales = await db.sql<{ status: string; seller: string; n: number }[]>`
      select s.status::text, u.email as seller, count(*)::int as n
        from public.sales s join auth.users u on u.id = s.created_by
       where s.sale_date >= date_trunc('day', now() at time zone 'America/La_Paz') at time zone 'America/La_Paz'
       group by 1, 2 order by 1
    `;
    expect(sales).toEqual([
      { status: "CANCELLED", seller: "cajero@comarapa.bo", n: 1 },
      { status: "COMPLETED", seller: "cajero@comarapa.bo", n: 11 },
    ]);
    // Every sale, the credit history's included, numbered without a gap.
    const numbers = await db.sql<
      { sale_number: string }[]
    >`select sale_number from public.sales order by sale_sequence`;
    expect(numbers.map((row) => Number(row.sale_number.slice(-6)))).toEqual(numbers.map((_, index) => index + 1));
    // The stock ledger's order is its chronology: dated back, it still never goes back in time.
    const [{ backwards } = { backwards: -1 }] = await db.sql<{ backwards: number }[]>`
      select count(*)::int as backwards from (
        select created_at < lag(created_at) over (order by seq) as back from public.inventory_movements) x
       where back
    `;
    expect(backwards).toBe(0);
  });

  it("passes check_stock_integrity()", async () => {
    expect(await rpcAs(db.sql, serviceRole, "check_stock_integrity")).toEqual([]);
  });

  it("has some products low and some out of stock (never received, or emptied through the ledger); most are well stocked", async () => {
    const low = await actAs(
      db.sql,
      demo("viewer"),
      (tx) => tx<{ sku: string; current_stock: number; min_stock_level: number; units_needed: number }[]>`
        select sku, current_stock, min_stock_level, units_needed from public.low_stock_products
      `,
      { readOnly: true },
    );
    const out = low.filter((row) => row.current_stock === 0);
    const short = low.filter((row) => row.current_stock > 0);
    expect(out.length).toBeGreaterThanOrEqual(5);
    expect(short.length).toBeGreaterThanOrEqual(10);
    expect(low[0]?.current_stock).toBe(0);
    for (const row of short) expect(row.current_stock).toBeLessThanOrEqual(row.min_stock_level);

    const { total, never_received, emptied } = one(
      await db.sql<{ total: number; never_received: number; emptied: number }[]>`
      select count(*)::int as total,
             count(*) filter (where p.current_stock = 0 and not exists
               (select from public.inventory_movements m where m.product_id = p.id))::int as never_received,
             count(*) filter (where p.current_stock = 0 and exists
               (select from public.inventory_movements m where m.product_id = p.id))::int as emptied
        from public.products p
      `,
    );
    expect(never_received).toBeGreaterThan(0);
    expect(emptied).toBeGreaterThan(0);
    expect(low.length).toBeLessThan(total * 0.15);
  });
});

describe("the demo users", () => {
  it("are exactly one per role, confirmed, with fixed ids, the documented emails and a Spanish full name", async () => {
    const users = await db.sql<{ id: string; email: string; role: string | null; confirmed: boolean; name: string }[]>`
      select u.id::text, u.email, r.role::text, u.email_confirmed_at is not null as confirmed,
             coalesce(u.raw_user_meta_data ->> 'full_name', '') as name
        from auth.users u left join public.user_roles r on r.user_id = u.id
       order by u.email
    `;
    expect(users).toHaveLength(4);
    expect(Object.fromEntries(users.map((user) => [user.role, { id: user.id, email: user.email }]))).toEqual(
      DEMO_USERS,
    );
    for (const user of users) {
      expect(user.confirmed, user.email).toBe(true);
      expect(user.name.split(" ").length, user.email).toBeGreaterThanOrEqual(3);
    }
    expect(users.some((user) => ACCENTED.test(user.name))).toBe(true);
  });

  it("carry a bcrypt hash of the documented demo password (for a real GoTrue)", async () => {
    const rows = await db.sql<{ email: string; ok: boolean }[]>`
      select email, extensions.crypt(${DEMO_PASSWORD}, encrypted_password) = encrypted_password as ok
        from auth.users order by email
    `;
    expect(rows.map((row) => row.ok)).toEqual([true, true, true, true]);
  });

  it("each reads the catalog through RLS; the access-token hook names their role", async () => {
    for (const role of ["admin", "manager", "staff", "viewer"] as const) {
      const [row] = await actAs(
        db.sql,
        demo(role),
        (tx) => tx<{ n: number }[]>`select count(*)::int as n from public.products`,
        {
          readOnly: true,
        },
      );
      expect(row?.n, role).toBeGreaterThanOrEqual(300);
      const [hook] = await db.sql<{ role: string }[]>`
        select public.custom_access_token_hook(jsonb_build_object('user_id', ${DEMO_USERS[role].id}::text, 'claims', '{}'::jsonb))
               -> 'claims' ->> 'user_role' as role
      `;
      expect(hook?.role).toBe(role);
    }
  });
});

describe("search on the seed", () => {
  it("finds Azúcar for 'azucar', typed without the accent at the counter", async () => {
    const rows = await rpcAs<{ name: string; relevance: number }[]>(db.sql, demo("staff"), "search_products", {
      search_term: "azucar",
    });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]?.name).toMatch(/Azúcar/);
    expect(rows.filter((row) => row.name.includes("Azúcar")).length).toBeGreaterThanOrEqual(3);
  });

  it("puts the product whose barcode was scanned first", async () => {
    const [oil] = await db.sql<
      { barcode: string }[]
    >`select barcode from public.products where name = 'Aceite Fino 900 ml'`;
    expect(oil?.barcode).toBeTruthy();
    const rows = await rpcAs<{ name: string }[]>(db.sql, demo("staff"), "search_products", {
      search_term: oil?.barcode,
    });
    expect(rows[0]?.name).toBe("Aceite Fino 900 ml");
  });
});

interface AgingRow {
  customer_id: string;
  name: string;
  balance: number;
  credit_limit: number;
  days_0_30: number;
  days_31_60: number;
  days_61_90: number;
  over_90: number;
}

describe("the customers and their accounts", () => {
  it("has at least 40 customers with Bolivian names and CI or NIT numbers, most with credit", async () => {
    const customers = await db.sql<
      { name: string; document_type: string; document_number: string; phone: string; credit_limit: string }[]
    >`select name, document_type::text, document_number, phone, credit_limit::text from public.customers`;
    expect(customers.length).toBeGreaterThanOrEqual(40);
    for (const customer of customers) {
      if (customer.document_type === "CI") expect(customer.document_number, customer.name).toMatch(/^\d{7,8}$/);
      else expect(customer.document_type, customer.name).toBe("NIT");
      if (customer.document_type === "NIT") expect(customer.document_number, customer.name).toMatch(/^\d{9,12}$/);
      expect(customer.phone, customer.name).toMatch(/^[67]\d{7}$/);
    }
    expect(
      customers.filter((customer) => customer.document_type === "CI" && ACCENTED.test(customer.name)).length,
    ).toBeGreaterThan(5);
    expect(customers.filter((customer) => Number(customer.credit_limit) > 0).length).toBeGreaterThan(25);
  });

  it("has credit sales and payments over the last 120 days, by the cashier, with every ageing bucket filled", async () => {
    const [span] = await db.sql<
      { oldest: number; newest: number; charges: number; payments: number; cashier: number }[]
    >`
      select max(extract(day from now() - m.created_at))::int as oldest,
             min(extract(day from now() - m.created_at))::int as newest,
             count(*) filter (where m.movement_type = 'CHARGE')::int as charges,
             count(*) filter (where m.movement_type = 'PAYMENT')::int as payments,
             count(*) filter (where u.email = 'cajero@comarapa.bo')::int as cashier
        from public.customer_account_movements m join auth.users u on u.id = m.created_by
    `;
    expect(span?.oldest).toBeLessThanOrEqual(120);
    expect(span?.oldest).toBeGreaterThan(90);
    expect(span?.newest).toBeGreaterThanOrEqual(1);
    expect(span?.charges).toBeGreaterThan(40);
    expect(span?.payments).toBeGreaterThan(20);
    const aging = (await rpcAs(db.sql, demo("viewer"), "receivables_aging")) as { customers: AgingRow[] };
    for (const bucket of ["days_0_30", "days_31_60", "days_61_90", "over_90"] as const) {
      expect(aging.customers.filter((row) => row[bucket] > 0).length, bucket).toBeGreaterThanOrEqual(2);
    }
  });

  it("has one customer exactly at the limit and one with money in their favour, and balances that match the ledger", async () => {
    const [atLimit] = await db.sql<{ name: string; balance: string }[]>`
      select name, balance::text from public.customers where credit_limit > 0 and balance = credit_limit
    `;
    expect(atLimit?.name).toBe("Teófilo Mercado Vargas");
    const inFavour = await db.sql<{ name: string; balance: string }[]>`
      select name, balance::text from public.customers where balance < 0
    `;
    expect(inFavour.map((row) => row.name)).toEqual(["Carmen Rosa Alanoca Tarqui"]);
    expect(await rpcAs(db.sql, serviceRole, "check_account_integrity")).toEqual([]);
    const [{ over } = { over: -1 }] = await db.sql<{ over: number }[]>`
      select count(*)::int as over from public.customer_account_movements m join public.customers c on c.id = m.customer_id
       where m.movement_type = 'CHARGE' and m.new_balance > c.credit_limit
    `;
    expect(over).toBe(0);
  });
});

describe("the till", () => {
  it("has Caja 1 and Caja 2, yesterday's session closed 1.50 short with its Z report, and this morning's open", async () => {
    const registers = await db.sql<{ name: string }[]>`select name from public.cash_registers order by name`;
    expect(registers.map((r) => r.name)).toEqual(["Caja 1", "Caja 2"]);
    const sessions = await db.sql<{ id: string; status: string; register: string; opened_by: string }[]>`
      select s.id, s.status::text, r.name as register, u.email as opened_by
        from public.cash_sessions s join public.cash_registers r on r.id = s.register_id
        join auth.users u on u.id = s.opened_by order by s.session_number
    `;
    expect(sessions.map(({ id: _id, ...rest }) => rest)).toEqual([
      { status: "CLOSED", register: "Caja 2", opened_by: "gerente@comarapa.bo" },
      { status: "OPEN", register: "Caja 1", opened_by: "cajero@comarapa.bo" },
    ]);
    const closed = cashSessionSchema.parse(
      await rpcAs(db.sql, demo("viewer"), "cash_session_report", { cash_session_id: sessions[0]?.id }),
    );
    expect(closed).toMatchObject({ report_kind: "Z", difference: -1.5 });
    expect(closed.report).toMatchObject({
      sales: { count: 8 },
      returns: { count: 1 },
      collections: { payments_count: 1, total: 50 },
      cash_movements: { pay_outs: 45 },
    });
    const open = cashSessionSchema.parse(
      await rpcAs(db.sql, demo("viewer"), "cash_session_report", { cash_session_id: sessions[1]?.id }),
    );
    expect(open).toMatchObject({ report_kind: "X", opening_float: 150 });
    expect(open.report).toMatchObject({ sales: { count: 12 }, cancellations: { count: 1 } });
  });
});

describe("what npm run dev prints of the store", () => {
  it("names the customers who owe the most, the one in favour, the tills, and the buying", async () => {
    const lines = await storeSummary(db.url);
    expect(lines[0]).toMatch(/^The store: \d+ products, 44 customers, \d+ of them owing [\d,]+\.\d{2} Bs$/);
    expect(lines.some((line) => /Teófilo Mercado Vargas +owes +300\.00 Bs of a 300\.00 Bs limit/.test(line))).toBe(
      true,
    );
    expect(lines.some((line) => /Carmen Rosa Alanoca Tarqui +has +[\d.]+ Bs in favour/.test(line))).toBe(true);
    expect(lines.filter((line) => /^ {2}Caja 1: Z-\d{4}-\d{6} open$/.test(line))).toHaveLength(1);
    expect(lines.filter((line) => /^ {2}Caja 2: Z-\d{4}-\d{6} closed, -1\.50 Bs over\/short$/.test(line))).toHaveLength(
      1,
    );
    expect(lines.at(-1)).toMatch(
      /^Buying: \d+ suppliers \(\d+ no longer used\); purchase orders: \d+ draft, \d+ pending, \d+ approved, \d+ partially_received, \d+ received, \d+ cancelled, \d+ closed$/,
    );
  });
});

describe("buying", () => {
  it("has at least 8 suppliers a Santa Cruz store buys from, with a NIT each, and a supplier no longer used", async () => {
    const suppliers = await db.sql<{ name: string; nit: string | null; address: string | null; is_active: boolean }[]>`
      select name, nit, address, is_active from public.suppliers order by name`;
    expect(suppliers.length).toBeGreaterThanOrEqual(8);
    for (const supplier of suppliers) {
      expect(supplier.nit, supplier.name).toMatch(/^\d{5,15}$/);
      expect(supplier.address, supplier.name).toBeTruthy();
    }
    expect(suppliers.filter((supplier) => /Santa Cruz|Montero|Warnes/.test(supplier.address ?? "")).length).toBe(
      suppliers.length,
    );
    expect(suppliers.filter((supplier) => !supplier.is_active).length).toBeGreaterThanOrEqual(1);
  });

  it("has purchase orders in every status, numbered PO-000001 on without gaps, some partly received", async () => {
    const orders = await db.sql<{ po_number: string; status: string }[]>`
      select po_number, status::text from public.purchase_orders order by po_sequence`;
    expect(new Set(orders.map((order) => order.status))).toEqual(
      new Set(["DRAFT", "PENDING", "APPROVED", "PARTIALLY_RECEIVED", "RECEIVED", "CANCELLED", "CLOSED"]),
    );
    expect(orders.filter((order) => order.status === "PARTIALLY_RECEIVED").length).toBeGreaterThanOrEqual(2);
    expect(orders.map((order) => order.po_number)).toEqual(
      orders.map((_, index) => `PO-${String(index + 1).padStart(6, "0")}`),
    );
  });

  it("went through the buying RPCs as the demo users whose role allows each step", async () => {
    const [steps] = await db.sql<Record<string, string[]>[]>`
      select array(select distinct u.email from public.purchase_orders o join auth.users u on u.id = o.created_by) as created,
             array(select distinct u.email from public.purchase_orders o join auth.users u on u.id = o.submitted_by) as submitted,
             array(select distinct u.email from public.purchase_orders o join auth.users u on u.id = o.approved_by) as approved,
             array(select distinct u.email from public.purchase_orders o
                     join auth.users u on u.id in (o.cancelled_by, o.closed_by)) as ended,
             array(select distinct u.email from public.goods_receipts r join auth.users u on u.id = r.received_by) as received
    `;
    expect(steps).toEqual({
      created: ["cajero@comarapa.bo"],
      submitted: ["cajero@comarapa.bo"],
      approved: ["gerente@comarapa.bo"],
      ended: ["gerente@comarapa.bo"],
      received: ["cajero@comarapa.bo"],
    });
    // Every receipt line is one PURCHASE entry of the ledger, carrying its unit cost; nothing over-received.
    const [lines] = await db.sql<{ lines: number; entries: number; over: number }[]>`
      select (select count(*)::int from public.goods_receipt_items) as lines,
             (select count(*)::int from public.goods_receipt_items i
                join public.inventory_movements m on m.id = i.movement_id
               where m.reason = 'PURCHASE' and m.unit_cost = i.unit_cost and m.reference_id = i.goods_receipt_id) as entries,
             (select count(*)::int from public.purchase_order_items where quantity_received > quantity_ordered) as over`;
    expect(lines?.lines).toBeGreaterThanOrEqual(10);
    expect(lines).toEqual({ lines: lines?.lines, entries: lines?.lines, over: 0 });
    const numbers = await db.sql<{ receipt_number: string }[]>`
      select receipt_number from public.goods_receipts order by receipt_sequence`;
    expect(numbers.map((row) => Number(row.receipt_number.slice(-6)))).toEqual(numbers.map((_, index) => index + 1));
  });

  it("knows the supplier's own code for part of the catalog (learned from receipts), which makes an invoice line certain", async () => {
    const [codes] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from public.supplier_products where supplier_sku is not null`;
    expect(codes?.n).toBeGreaterThanOrEqual(10);
    const [supplier] = await db.sql<{ id: string }[]>`select id from public.suppliers where nit = '1020757029'`;
    const [line] = await rpcAs<{ candidates: { match: string; confidence: number }[] }[]>(
      db.sql,
      demo("staff"),
      "match_invoice_lines",
      { supplier_id: supplier?.id, lines: [{ description: "COCA COLA 2LT RET", supplier_sku: "CC-2000-RET" }] },
    );
    expect(line?.candidates[0]).toMatchObject({ match: "SUPPLIER_SKU", confidence: 1 });
  });
});

describe("loading the seed", () => {
  it("again, on a fresh migrated database, gives the same store (deterministic, ids included)", async () => {
    const fresh = await createTestDatabase();
    try {
      await applySeed(fresh.url);
      const snapshot = async (sql: Sql) => ({
        categories: await sql`select id, name, description from public.categories order by id`,
        products: await sql`
          select id, sku, barcode, name, description, category_id, unit_price::text, cost_price::text,
                 current_stock, min_stock_level from public.products order by id
        `,
        ledger: await sql`
          select p.sku, m.movement_type::text, m.reason, m.quantity, m.previous_stock, m.new_stock, m.notes, m.created_by
            from public.inventory_movements m join public.products p on p.id = m.product_id order by m.seq
        `,
        customers: await sql`
          select id, name, document_type::text, document_number, credit_limit::text, balance::text, is_active
            from public.customers order by id
        `,
        accounts: await sql`
          select c.document_number, m.movement_type::text, m.amount::text, m.new_balance::text, m.payment_method::text
            from public.customer_account_movements m join public.customers c on c.id = m.customer_id order by m.seq
        `,
        users: await sql`
          select u.id, u.email, u.raw_user_meta_data, r.role::text, r.granted_by
            from auth.users u join public.user_roles r on r.user_id = u.id order by u.id
        `,
        suppliers: await sql`select id, name, nit, is_active from public.suppliers order by id`,
        orders: await sql`
          select o.po_number, o.status::text, s.nit, o.total::text, o.created_by, o.approved_by,
                 (select json_agg(json_build_array(p.sku, i.quantity_ordered, i.quantity_received, i.unit_cost::text)
                                  order by i.line_number)
                    from public.purchase_order_items i join public.products p on p.id = i.product_id
                   where i.purchase_order_id = o.id) as lines
            from public.purchase_orders o join public.suppliers s on s.id = o.supplier_id order by o.po_number
        `,
        receipts: await sql`
          select r.receipt_number, o.po_number, r.supplier_invoice_number, r.received_by,
                 (select json_agg(json_build_array(p.sku, i.quantity, i.unit_cost::text, i.cost_after::text, i.supplier_sku)
                                  order by i.line_number)
                    from public.goods_receipt_items i join public.products p on p.id = i.product_id
                   where i.goods_receipt_id = r.id) as lines
            from public.goods_receipts r join public.purchase_orders o on o.id = r.purchase_order_id
           order by r.receipt_number
        `,
        codes: await sql`
          select s.nit, p.sku, sp.supplier_sku, sp.last_unit_cost::text
            from public.supplier_products sp
            join public.suppliers s on s.id = sp.supplier_id join public.products p on p.id = sp.product_id
           order by s.nit, p.sku
        `,
      });
      const [again, original] = await Promise.all([snapshot(fresh.sql), snapshot(db.sql)]);
      expect(again).toEqual(original);
    } finally {
      await dropTestDatabase(fresh);
    }
  });
});
