/**
 * store_settings: one row, read by every role holder, changed only by
 * managers and admins and only in its four settings, validated by the
 * database. Every test that changes the row puts it back exactly.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Actor, actAs, anon, serviceRole } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { failureOf } from "../helpers/errors.ts";
import { useRoleUsers } from "../helpers/fixtures.ts";
import {
  expectConstraint,
  expectPermissionDenied,
  restoreStoreSettings,
  type StoreSettingsRow,
  storeSettings,
} from "./support.ts";

const db = useTestDatabase();
const users = useRoleUsers(db);
let original: StoreSettingsRow[];

beforeAll(async () => {
  original = await storeSettings(db.sql);
});

afterEach(async () => {
  await restoreStoreSettings(db.sql, original);
});

const update = (actor: Actor, values: Record<string, unknown>) =>
  actAs(db.sql, actor, (tx) => tx`update public.store_settings set ${tx(values)} returning *`);

describe("reading store_settings", () => {
  it("shows every role holder the one row: Comercial Comarapa, BOB, America/La_Paz, 0% default tax", async () => {
    for (const actor of [users.admin, users.manager, users.staff, users.viewer]) {
      const rows = await actAs(
        db.sql,
        actor,
        (tx) => tx`select store_name, currency, timezone, default_tax_rate::text from public.store_settings`,
        { readOnly: true },
      );
      expect(rows).toEqual([
        { store_name: "Comercial Comarapa", currency: "BOB", timezone: "America/La_Paz", default_tax_rate: "0.00" },
      ]);
    }
  });

  it("shows a signed-in user without a role no row, and refuses anon outright (42501)", async () => {
    expect(await actAs(db.sql, users.noRole, (tx) => tx`select * from public.store_settings`)).toEqual([]);
    await expectPermissionDenied(actAs(db.sql, anon, (tx) => tx`select * from public.store_settings`));
  });
});

describe("changing store_settings", () => {
  it("lets a manager change the name, currency, time zone and default tax rate, and stamps updated_at", async () => {
    const result = await actAs(db.sql, users.manager, async (tx) => {
      const [row] = await tx`
        update public.store_settings
           set store_name = 'Comercial Comarapa — Sucursal', currency = 'USD', timezone = 'America/Santiago',
               default_tax_rate = 13
        returning store_name, currency, timezone, default_tax_rate::text, updated_at
      `;
      const [now] = await tx`select now() as now`;
      return { row, now: now?.now };
    });
    expect(result.row).toEqual({
      store_name: "Comercial Comarapa — Sucursal",
      currency: "USD",
      timezone: "America/Santiago",
      default_tax_rate: "13.00",
      updated_at: result.now,
    });
  });

  it("lets an admin and the service role change the settings too", async () => {
    expect(await update(users.admin, { default_tax_rate: "13" })).toMatchObject([{ default_tax_rate: "13.00" }]);
    expect(await update(serviceRole, { store_name: "Comarapa (servicio)" })).toMatchObject([
      { store_name: "Comarapa (servicio)" },
    ]);
  });

  it("gives staff, viewers and users without a role no row to change: the update affects nothing", async () => {
    for (const actor of [users.staff, users.viewer, users.noRole]) {
      expect(await update(actor, { store_name: "Tienda tomada" })).toEqual([]);
    }
    expect(await storeSettings(db.sql)).toEqual(original);
  });

  it.each([
    ["id", { id: false }],
    ["created_at", { created_at: "2020-01-01T00:00:00Z" }],
    ["updated_at", { updated_at: "2020-01-01T00:00:00Z" }],
  ])(
    "refuses writing %s, even to a manager or the service role (42501: only the four settings are granted)",
    async (_column, values) => {
      await expectPermissionDenied(update(users.manager, values));
      await expectPermissionDenied(update(serviceRole, values));
      expect(await storeSettings(db.sql)).toEqual(original);
    },
  );

  it.each([
    ["an unknown zone", "Mars/Olympus_Mons"],
    ["an empty string", ""],
    ["a wrongly cased name", "america/la_paz"],
    ["an offset instead of a zone", "UTC-4 or so"],
  ])("refuses %s as the time zone (23514 store_settings_timezone_valid)", async (_what, timezone) => {
    await expectConstraint(update(users.manager, { timezone }), "23514", "store_settings_timezone_valid");
    expect(await storeSettings(db.sql)).toEqual(original);
  });

  it.each([
    ["a lower-case currency", { currency: "bob" }, "store_settings_currency_format"],
    ["a currency that is not 3 letters", { currency: "BS" }, "store_settings_currency_format"],
    ["a negative tax rate", { default_tax_rate: "-1" }, "store_settings_tax_rate_range"],
    ["a tax rate above 100%", { default_tax_rate: "100.01" }, "store_settings_tax_rate_range"],
    ["a NaN tax rate", { default_tax_rate: "NaN" }, "store_settings_tax_rate_range"],
    ["a blank store name", { store_name: "   " }, "store_settings_name_length"],
    ["a store name of invisible characters", { store_name: "\u200b\u00a0" }, "store_settings_name_visible"],
    [
      "a staff discount limit above 100%",
      { max_staff_discount_percent: "100.01" },
      "store_settings_max_staff_discount_range",
    ],
    [
      "a negative staff discount limit",
      { max_staff_discount_percent: "-1" },
      "store_settings_max_staff_discount_range",
    ],
  ])("refuses %s (23514 %s)", async (_what, values, constraint) => {
    await expectConstraint(update(users.manager, values), "23514", constraint);
    expect(await storeSettings(db.sql)).toEqual(original);
  });
});

describe("exactly one row", () => {
  it("refuses every API role inserting a second row or deleting the one row (42501: never granted)", async () => {
    for (const actor of [users.admin, users.manager, serviceRole, anon]) {
      await expectPermissionDenied(
        actAs(db.sql, actor, (tx) => tx`insert into public.store_settings (id, store_name) values (false, 'Otra')`),
      );
      await expectPermissionDenied(actAs(db.sql, actor, (tx) => tx`delete from public.store_settings`));
    }
    expect(await storeSettings(db.sql)).toEqual(original);
  });

  it("holds even without grants in the way: the schema itself admits only the row whose id is true", async () => {
    await expectConstraint(
      db.sql`insert into public.store_settings (id, store_name) values (false, 'Otra')`,
      "23514",
      "store_settings_single_row",
    );
    await expectConstraint(
      db.sql`insert into public.store_settings (store_name) values ('Otra')`,
      "23505",
      "store_settings_pkey",
    );
    expect(await storeSettings(db.sql)).toEqual(original);
  });
});

describe("the time zone cannot move the sale-number year", () => {
  it("is refused (TIMEZONE_CHANGE_REFUSED, 409) at an instant when the two zones are in different years", async () => {
    // 31 December, 22:30 in La Paz, is already 1 January in Kiritimati (UTC+14).
    const failure = await failureOf(
      db.sql`select private.check_timezone_change('America/La_Paz', 'Pacific/Kiritimati', '2026-01-01T02:30:00Z')`,
    );
    expect(failure).toMatchObject({ status: 409, message: "TIMEZONE_CHANGE_REFUSED" });
    expect(failure.details).toContain("2025-12-31");
    expect(failure.details).toContain("2026-01-01");
    // The same change, any other day of the year, is fine.
    await db.sql`select private.check_timezone_change('America/La_Paz', 'Pacific/Kiritimati', '2026-06-01T12:00:00Z')`;
  });

  it("is applied by store_settings: a manager changes the zone when both are in the same year", async () => {
    const [row] = await update(users.manager, { timezone: "America/Santiago" });
    expect(row).toMatchObject({ timezone: "America/Santiago" });
    await update(users.manager, { timezone: "America/La_Paz" });
    const [trigger] = await db.sql`
      select tgname from pg_trigger where tgrelid = 'public.store_settings'::regclass
         and tgname = 'store_settings_keep_numbering_year'
    `;
    expect(trigger).toEqual({ tgname: "store_settings_keep_numbering_year" });
  });
});
