-- What an attack review found a cashier, a viewer or a token could get round,
-- closed in the database so every door is closed at once:
--   * a discount is a manager's decision beyond what the store lets staff give
--     (store_settings.max_staff_discount_percent, 0 by default), and every
--     discount, of a line or of the sale, is reported as one;
--   * a tax rate other than the store's default is a manager's decision too;
--   * names need a visible character;
--   * a manual stock movement cannot claim to belong to a sale: its document
--     is free text in `reference`, reference_id is written only by the RPCs
--     that link a movement to its sale;
--   * the service-role claim counts only when the request really runs as
--     service_role;
--   * cost prices, margins and idempotency internals are no longer readable
--     by every role;
--   * a cancellation at the stock cap fails with a coded error, not a row dump;
--   * the time zone cannot move the sale-number year;
--   * the stock and sale RPCs wait at most 2 s for a lock.

-- =============================================================================
-- New codes
-- =============================================================================
insert into private.error_codes (code, status, meaning) values
  ('IDEMPOTENCY_KEY_REQUIRED', 400,
   'This request moves stock or money: send an Idempotency-Key so that a retry cannot do it twice.'),
  ('DISCOUNT_NOT_ALLOWED', 403,
   'The discount is larger than staff may give without a manager (store_settings.max_staff_discount_percent).'),
  ('TAX_OVERRIDE_FORBIDDEN', 403, 'Only a manager or admin may sell at a tax rate other than the store''s default.'),
  ('STOCK_LIMIT_EXCEEDED', 409, 'The stock of a product would exceed 1,000,000,000 units.'),
  ('TIMEZONE_CHANGE_REFUSED', 409,
   'The new time zone is in another year right now, which would move the sale-number year; change it when both are in the same year.'),
  ('DATABASE_TIMEOUT', 503,
   'The database did not finish in time (a statement or a lock wait hit its limit); nothing was written; retry.');

-- =============================================================================
-- Settings: the staff discount limit; a time zone change that keeps the year
-- =============================================================================
alter table public.store_settings
  add column max_staff_discount_percent numeric(5, 2) not null default 0
    constraint store_settings_max_staff_discount_range
      check (max_staff_discount_percent >= 0 and max_staff_discount_percent <= 100),
  add constraint store_settings_name_visible check (private.trim_text(store_name) is not null);
comment on column public.store_settings.max_staff_discount_percent is
  'The largest discount staff may give without a manager, as a percentage of a line and of a sale (10 means 10%). 0 by default: a manager decides.';
grant update (max_staff_discount_percent) on table public.store_settings to authenticated, service_role;

-- Refuses to move the numbering year: at `at`, both zones must be in the same year.
create function private.check_timezone_change(old_zone text, new_zone text, at timestamptz) returns void
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  if extract(year from at at time zone old_zone) <> extract(year from at at time zone new_zone) then
    perform private.raise('TIMEZONE_CHANGE_REFUSED',
      format('It is %s in %s but %s in %s: sale numbers count by the year of the store''s time zone, so the change would move it. Change the zone when both are in the same year.',
             (at at time zone old_zone)::date, old_zone, (at at time zone new_zone)::date, new_zone),
      jsonb_build_object('field', 'timezone'));
  end if;
end;
$$;
comment on function private.check_timezone_change(text, text, timestamptz) is
  'TIMEZONE_CHANGE_REFUSED when, at the instant given, the two zones are in different years.';
revoke execute on function private.check_timezone_change(text, text, timestamptz) from public;

create function private.store_settings_keep_numbering_year() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- (An unknown zone is left to the check constraint, which names it.)
  if new.timezone is distinct from old.timezone and private.is_valid_timezone(new.timezone) then
    perform private.check_timezone_change(old.timezone, new.timezone, now());
  end if;
  return new;
end;
$$;
comment on function private.store_settings_keep_numbering_year() is
  'Trigger: refuses a time zone change while the two zones are in different years (TIMEZONE_CHANGE_REFUSED), so sale numbers never jump to next year early or back.';
revoke execute on function private.store_settings_keep_numbering_year() from public;

create trigger store_settings_keep_numbering_year
  before update of timezone on public.store_settings
  for each row execute function private.store_settings_keep_numbering_year();

-- =============================================================================
-- Names need a visible character
-- =============================================================================
alter table public.categories add constraint categories_name_visible check (private.trim_text(name) is not null);
alter table public.products add constraint products_name_visible check (private.trim_text(name) is not null);

-- =============================================================================
-- The service role is the role a request runs as, not only a claim
-- =============================================================================
-- PostgREST and the Edge Functions switch the transaction's role to the one
-- the verified token names; a request that runs as `authenticated` with a
-- `service_role` claim (a forged or confused token) holds no role at all. A
-- session that never switched role (`none`: the seed, a maintenance script
-- logged in as the owner) is trusted with its claim, as it could do anything
-- anyway. (current_user cannot tell: this function is security definer.)
create or replace function private.has_role(minimum public.app_role) returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if (select auth.role()) = 'service_role' then
    return current_setting('role') in ('service_role', 'none');
  end if;
  return coalesce(
    (select ur.role >= minimum from public.user_roles ur where ur.user_id = (select auth.uid())),
    false);
end;
$$;

-- =============================================================================
-- Who reads what: cost and margin are the owner's business; idempotency
-- internals are nobody's
-- =============================================================================
revoke select on table public.products from authenticated;
grant select (id, sku, barcode, name, description, category_id, unit_price, current_stock, min_stock_level,
              is_active, created_at, updated_at)
  on table public.products to authenticated;

revoke select on table public.sale_items from authenticated;
grant select (id, sale_id, line_number, product_id, quantity, unit_price, list_price, discount, subtotal)
  on table public.sale_items to authenticated;

-- Line discounts of a sale, kept on the sale so reports read them with it.
alter table public.sales
  add column line_discount numeric(12, 2) not null default 0
    constraint sales_line_discount_non_negative check (line_discount >= 0);
comment on column public.sales.line_discount is
  'Σ of the line discounts (the sale''s own discount is `discount`): every discount given is line_discount + discount.';
alter table public.sales disable trigger sales_guard;
update public.sales s
   set line_discount = coalesce((select sum(i.discount) from public.sale_items i where i.sale_id = s.id), 0);
alter table public.sales enable trigger sales_guard;

revoke select on table public.sales from authenticated;
grant select (id, sale_number, sale_date, subtotal, line_discount, discount, tax_rate, tax, total, status,
              payment_method, notes, created_at, created_by, cancelled_at, cancelled_by, cancellation_reason)
  on table public.sales to authenticated;

create or replace function private.sales_guard() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- Two IF statements, not one OR: plpgsql prepares a whole expression at
  -- once, and old.status does not exist for sale_items nor old for TRUNCATE.
  if tg_op <> 'UPDATE' or tg_table_name <> 'sales' then
    perform private.raise('FORBIDDEN',
      'Sales are history: they are never deleted or edited; cancel_sale is the only change allowed.');
  end if;
  if old.status <> 'COMPLETED' or new.status <> 'CANCELLED'
     or (new.id, new.sale_number, new.sale_year, new.sale_sequence, new.sale_date, new.subtotal, new.line_discount,
         new.discount, new.tax_rate, new.tax, new.total, new.payment_method, new.notes, new.idempotency_key,
         new.request_hash, new.created_at, new.created_by)
        is distinct from
        (old.id, old.sale_number, old.sale_year, old.sale_sequence, old.sale_date, old.subtotal, old.line_discount,
         old.discount, old.tax_rate, old.tax, old.total, old.payment_method, old.notes, old.idempotency_key,
         old.request_hash, old.created_at, old.created_by) then
    perform private.raise('FORBIDDEN',
      'Sales are history: they are never deleted or edited; cancel_sale is the only change allowed.');
  end if;
  return new;
end;
$$;

-- A manager's view of the catalog's costs and margins (plain reads of products
-- stay open to every role, without the cost).
create function public.product_costs(product_ids uuid[] default null)
returns table (product_id uuid, sku text, name text, unit_price numeric, cost_price numeric, margin numeric)
language plpgsql
stable
-- Security definer: it reads the cost column, which only this function
-- (after the role check) and the service role may read.
security definer
set search_path = ''
as $$
begin
  perform private.require_role('manager', 'read cost prices');
  return query
  select p.id, p.sku, p.name, p.unit_price, p.cost_price, p.unit_price - p.cost_price
    from public.products p
   where product_ids is null or p.id = any (product_ids)
   order by p.sku;
end;
$$;
comment on function public.product_costs(uuid[]) is
  'Cost price and unit margin (unit_price − cost_price) of the given products, or of all. Managers and admins.';
revoke execute on function public.product_costs(uuid[]) from public, anon;
grant execute on function public.product_costs(uuid[]) to authenticated, service_role;

-- =============================================================================
-- The sale as the API returns it: the cost only for managers, no internals
-- =============================================================================
drop function private.sale_item_json(public.sale_items, text, text);
create function private.sale_item_json(item public.sale_items, sku text, name text, with_cost boolean)
returns jsonb
language plpgsql
immutable
parallel safe
security invoker
set search_path = ''
as $$
begin
  return to_jsonb(item) || jsonb_build_object(
    'product', jsonb_build_object('sku', sku, 'name', name),
    'cost_price', case when with_cost then item.cost_price end);
end;
$$;
comment on function private.sale_item_json(public.sale_items, text, text, boolean) is
  'A sale line as the API returns it: its sale_items columns (cost_price null unless with_cost) and its product''s sku and name.';
revoke execute on function private.sale_item_json(public.sale_items, text, text, boolean) from public;

create or replace function private.sale_document(sale public.sales, items jsonb) returns jsonb
language plpgsql
immutable
parallel safe
security invoker
set search_path = ''
as $$
begin
  return to_jsonb(sale) - 'request_hash' - 'idempotency_key' - 'sale_year' - 'sale_sequence'
         || jsonb_build_object('items', coalesce(items, '[]'::jsonb));
end;
$$;
comment on function private.sale_document(public.sales, jsonb) is
  'A sale as the API returns it: its sales columns (without the numbering and idempotency internals) and its items, each built by private.sale_item_json, in line order.';

create or replace function private.sale_json(sale public.sales) returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_with_cost boolean := private.has_role('manager');
begin
  return private.sale_document(sale, (
    select jsonb_agg(private.sale_item_json(i, p.sku, p.name, v_with_cost) order by i.line_number)
      from public.sale_items i
      join public.products p on p.id = i.product_id
     where i.sale_id = sale.id));
end;
$$;
comment on function private.sale_json(public.sales) is
  'A stored sale as the API returns it, its items read back (their cost for managers only). Runs inside the sale RPCs.';

-- get_sale reads the cost column, which viewers cannot: it checks the role
-- itself and hides the cost from all but managers.
create or replace function public.get_sale(sale_id uuid) returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_role('viewer', 'read sales');
  return private.sale_json(private.find_sale(sale_id));
end;
$$;

-- =============================================================================
-- create_sale: discounts and tax rates beyond the store's rules need a manager
-- =============================================================================
create or replace function public.create_sale(
  items jsonb,
  discount numeric default 0,
  tax_rate numeric default null,
  payment_method text default 'CASH',
  notes text default null,
  idempotency_key text default null
) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
-- A sale never waits long behind a stuck transaction: a product locked for
-- 2 s is refused (55P03), and nothing is written.
set lock_timeout = '2s'
as $$
declare
  v_user uuid := (select auth.uid());
  v_existing public.sales;
  v_request record;
  v_settings record;
  v_fingerprint text;
  v_priced private.sale_line[] := '{}';
  v_line private.sale_line;
  v_product record;
  v_gross numeric;
  v_subtotal numeric := 0;
  v_line_discount numeric := 0;
  v_discount numeric;
  v_tax numeric;
  v_sale_id uuid := gen_random_uuid();
  v_now timestamptz := now();
  v_year integer;
  v_sequence integer;
  v_sale jsonb;
  v_is_manager boolean;
begin
  perform private.require_role('staff', 'sell');

  -- ---- idempotency: the same key from the same user returns the first sale
  if idempotency_key is not null then
    if char_length(idempotency_key) not between 1 and 200 then
      perform private.raise('VALIDATION_ERROR', 'idempotency_key must be 1 to 200 characters.',
        '{"field": "idempotency_key"}');
    end if;
    -- Serializes racing retries of one key; the loser then sees the winner's sale.
    perform pg_advisory_xact_lock(hashtextextended(coalesce(v_user::text, 'service_role') || ':' || idempotency_key, 0));
    select s.* into v_existing
      from public.sales s
     where coalesce(s.created_by, '00000000-0000-0000-0000-000000000000'::uuid)
           = coalesce(v_user, '00000000-0000-0000-0000-000000000000'::uuid)
       and s.idempotency_key = create_sale.idempotency_key;
    if found then
      -- The key is taken: the retry of the same request gets the sale, anything
      -- else (an invalid request included) is told so.
      begin
        v_request := private.sale_request(items, discount, tax_rate, payment_method, notes);
        v_fingerprint := private.sale_fingerprint(v_request.lines, v_request.discount_amount, tax_rate,
                                                  v_request.payment, v_request.clean_notes);
      exception when others then
        if sqlstate not like 'PT%' then
          raise;
        end if;
      end;
      -- (A sale made before 20261129000200 carries the fingerprint of the request as sent.)
      if v_existing.request_hash is distinct from v_fingerprint
         and v_existing.request_hash is distinct from
             md5(jsonb_build_array(items, discount, tax_rate, payment_method, notes)::text) then
        perform private.raise('IDEMPOTENCY_KEY_REUSED',
          'This idempotency key was already used for a different sale; use a new key for a new sale.',
          jsonb_build_object('sale_id', v_existing.id));
      end if;
      return private.sale_json(v_existing);
    end if;
  end if;

  -- ---- the whole request is checked before anything is locked or written
  v_request := private.sale_request(items, discount, tax_rate, payment_method, notes);
  v_discount := v_request.discount_amount;
  if idempotency_key is not null then
    v_fingerprint := private.sale_fingerprint(v_request.lines, v_discount, tax_rate, v_request.payment,
                                              v_request.clean_notes);
  end if;
  select st.timezone, st.default_tax_rate, st.max_staff_discount_percent into v_settings from public.store_settings st;
  if v_request.tax_percent <> v_settings.default_tax_rate then
    v_is_manager := coalesce(v_is_manager, private.has_role('manager'));
    if not v_is_manager then
      perform private.raise('TAX_OVERRIDE_FORBIDDEN',
        format('Only a manager may sell at a tax rate of %s%%; the store''s rate is %s%%.',
               v_request.tax_percent, v_settings.default_tax_rate),
        jsonb_build_object('field', 'tax_rate', 'default_tax_rate', v_settings.default_tax_rate));
    end if;
  end if;

  -- ---- lock every product in one fixed order (by id): two sales over the same
  -- products queue instead of deadlocking; then price each line
  for v_product in
    select l.line_number, l.quantity, l.unit_price as asked_price, l.discount, p.id, p.sku, p.name, p.is_active,
           p.current_stock, p.unit_price, p.cost_price
      from public.products p
      join unnest(v_request.lines) l on l.product_id = p.id
     order by p.id
       for update of p
  loop
    if not v_product.is_active then
      perform private.raise_on_line('PRODUCT_INACTIVE', v_product.line_number,
        format('%s (%s) is deactivated.', v_product.sku, v_product.name),
        jsonb_build_object('product_id', v_product.id, 'sku', v_product.sku));
    end if;
    if v_product.current_stock < v_product.quantity then
      perform private.raise_on_line('INSUFFICIENT_STOCK', v_product.line_number,
        format('only %s unit(s) of %s in stock; cannot sell %s.', v_product.current_stock, v_product.sku,
               v_product.quantity),
        jsonb_build_object('product_id', v_product.id, 'sku', v_product.sku,
                           'requested', v_product.quantity, 'available', v_product.current_stock));
    end if;
    v_line := row(v_product.line_number, v_product.id, v_product.sku, v_product.quantity,
                  coalesce(v_product.asked_price, v_product.unit_price), v_product.discount, v_product.unit_price,
                  v_product.cost_price, v_product.current_stock, v_product.name, null)::private.sale_line;
    if v_line.unit_price <> v_line.list_price then
      -- the role is looked up once, and only when a price or a discount needs it
      v_is_manager := coalesce(v_is_manager, private.has_role('manager'));
      if not v_is_manager then
        perform private.raise_on_line('PRICE_OVERRIDE_FORBIDDEN', v_line.line_number,
          format('only a manager may sell %s at %s instead of its price %s.', v_line.sku, v_line.unit_price,
                 v_line.list_price),
          jsonb_build_object('product_id', v_line.product_id, 'unit_price', v_line.list_price));
      end if;
    end if;
    v_gross := v_line.quantity * v_line.unit_price;
    if v_gross > 9999999999.99 then
      perform private.raise_on_line('INVALID_PRICE', v_line.line_number,
        format('the line amount %s × %s = %s exceeds 9,999,999,999.99.', v_line.quantity, v_line.unit_price, v_gross),
        jsonb_build_object('product_id', v_line.product_id, 'amount', v_gross));
    end if;
    if v_line.discount > v_gross then
      perform private.raise_on_line('DISCOUNT_EXCEEDS_AMOUNT', v_line.line_number,
        format('the discount %s is larger than the line amount %s.', v_line.discount, round(v_gross, 2)),
        '{"field": "discount"}');
    end if;
    if v_line.discount * 100 > v_gross * v_settings.max_staff_discount_percent then
      v_is_manager := coalesce(v_is_manager, private.has_role('manager'));
      if not v_is_manager then
        perform private.raise_on_line('DISCOUNT_NOT_ALLOWED', v_line.line_number,
          format('a discount of %s on %s (%s%%) needs a manager; staff may give up to %s%%.', v_line.discount,
                 round(v_gross, 2), round(v_line.discount * 100 / v_gross, 2), v_settings.max_staff_discount_percent),
          jsonb_build_object('field', 'discount', 'max_staff_discount_percent', v_settings.max_staff_discount_percent));
      end if;
    end if;
    v_line.subtotal := round(v_gross - v_line.discount, 2);
    v_subtotal := v_subtotal + v_line.subtotal;
    v_line_discount := v_line_discount + v_line.discount;
    v_priced := v_priced || v_line;
  end loop;
  if cardinality(v_priced) < cardinality(v_request.lines) then
    select l.line_number, l.product_id into v_product
      from unnest(v_request.lines) l
     where not (l.line_number = any (select p.line_number from unnest(v_priced) p))
     order by l.line_number
     limit 1;
    perform private.raise_on_line('PRODUCT_NOT_FOUND', v_product.line_number,
      format('no product has id %s.', v_product.product_id), jsonb_build_object('product_id', v_product.product_id));
  end if;

  if v_discount > v_subtotal then
    perform private.raise('DISCOUNT_EXCEEDS_AMOUNT',
      format('The sale discount %s is larger than the subtotal %s.', v_discount, v_subtotal),
      jsonb_build_object('field', 'discount', 'subtotal', v_subtotal));
  end if;
  if v_discount * 100 > v_subtotal * v_settings.max_staff_discount_percent then
    v_is_manager := coalesce(v_is_manager, private.has_role('manager'));
    if not v_is_manager then
      perform private.raise('DISCOUNT_NOT_ALLOWED',
        format('A discount of %s on %s (%s%%) needs a manager; staff may give up to %s%%.', v_discount, v_subtotal,
               round(v_discount * 100 / v_subtotal, 2), v_settings.max_staff_discount_percent),
        jsonb_build_object('field', 'discount', 'max_staff_discount_percent', v_settings.max_staff_discount_percent));
    end if;
  end if;
  v_tax := round((v_subtotal - v_discount) * v_request.tax_percent / 100, 2);
  -- Every amount is numeric(12, 2): refuse a sale too large to record instead of failing on the insert.
  if v_subtotal > 9999999999.99 or v_subtotal - v_discount + v_tax > 9999999999.99 then
    perform private.raise('INVALID_PRICE',
      format('The sale amounts to %s (subtotal %s): at most 9,999,999,999.99 fits in one sale.',
             v_subtotal - v_discount + v_tax, v_subtotal),
      jsonb_build_object('field', 'total', 'subtotal', v_subtotal, 'tax', v_tax));
  end if;

  -- ---- write: stock, ledger (one SALE exit per line, in line order), number, sale, items
  with taken as (
    update public.products p
       set current_stock = p.current_stock - l.quantity
      from unnest(v_priced) l
     where p.id = l.product_id
    returning p.id
  )
  insert into public.inventory_movements
    (product_id, movement_type, quantity, reason, reference_id, previous_stock, new_stock, created_by, created_at)
  select l.product_id, 'EXIT', l.quantity, 'SALE', v_sale_id, l.previous_stock, l.previous_stock - l.quantity,
         v_user, v_now
    from unnest(v_priced) l
    join taken t on t.id = l.product_id
   order by l.line_number;

  v_year := extract(year from v_now at time zone v_settings.timezone)::integer;
  insert into private.sale_number_counters as c (year, last_value) values (v_year, 1)
  on conflict (year) do update set last_value = c.last_value + 1
  returning c.last_value into v_sequence;

  -- The sale, its items and the answer in one statement (the items' foreign
  -- key is checked at its end, when the sale row exists), shaped by the same
  -- helpers as a sale read back, without reading back what was just written.
  v_is_manager := coalesce(v_is_manager, private.has_role('manager'));
  with sale as (
    insert into public.sales
      (id, sale_number, sale_year, sale_sequence, sale_date, subtotal, line_discount, discount, tax_rate, tax, total,
       payment_method, notes, idempotency_key, request_hash, created_at, created_by)
    values
      (v_sale_id, format('V-%s-%s', v_year, lpad(v_sequence::text, greatest(6, char_length(v_sequence::text)), '0')),
       v_year, v_sequence, v_now, v_subtotal, v_line_discount, v_discount, v_request.tax_percent, v_tax,
       v_subtotal - v_discount + v_tax, v_request.payment, v_request.clean_notes, idempotency_key, v_fingerprint,
       v_now, v_user)
    returning *
  ),
  written as (
    insert into public.sale_items
      (sale_id, line_number, product_id, quantity, unit_price, list_price, cost_price, discount, subtotal)
    select v_sale_id, l.line_number, l.product_id, l.quantity, l.unit_price, l.list_price, l.cost_price, l.discount,
           l.subtotal
      from unnest(v_priced) l
    returning *
  )
  select private.sale_document(s::public.sales, (
           select jsonb_agg(private.sale_item_json(i::public.sale_items, l.sku, l.name, v_is_manager)
                            order by i.line_number)
             from written i
             join unnest(v_priced) l on l.line_number = i.line_number))
    into v_sale
    from sale s;
  return v_sale;
end;
$$;
comment on function public.create_sale(jsonb, numeric, numeric, text, text, text) is
  'Sells items [{product_id or sku, quantity, unit_price?, discount?}] atomically: checks every line, locks the products by id (waiting at most 2 s), writes the sale, its items and one EXIT/SALE movement per line, computes every amount (half-up to cents). unit_price defaults to the list price, tax_rate to the store''s; another price or rate, or a discount above store_settings.max_staff_discount_percent, needs a manager. The same idempotency_key from the same user returns the first sale. Staff and above. Returns the sale with its items (their cost for managers only).';

-- =============================================================================
-- cancel_sale: a coded error at the stock cap; bounded lock waits
-- =============================================================================
create or replace function public.cancel_sale(sale_id uuid, reason text) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
set lock_timeout = '2s'
as $$
declare
  v_sale public.sales;
  v_user uuid := (select auth.uid());
  v_reason text;
  v_over record;
begin
  perform private.require_role('manager', 'cancel a sale');
  v_reason := private.required_text(reason, 'reason', 500);
  v_sale := private.find_sale(sale_id, true);
  if v_sale.status = 'CANCELLED' then
    perform private.raise('SALE_ALREADY_CANCELLED',
      format('The sale %s was already cancelled on %s.', v_sale.sale_number, v_sale.cancelled_at),
      jsonb_build_object('sale_id', v_sale.id, 'sale_number', v_sale.sale_number));
  end if;

  -- Lock the products in id order (as create_sale does) and give back exactly
  -- what each line took, even to a product deactivated since; never past the cap.
  perform 1
     from public.sale_items i
     join public.products p on p.id = i.product_id
    where i.sale_id = v_sale.id
    order by p.id
      for update of p;
  select p.id, p.sku, p.current_stock, i.quantity into v_over
    from public.sale_items i
    join public.products p on p.id = i.product_id
   where i.sale_id = v_sale.id and p.current_stock + i.quantity > 1000000000
   limit 1;
  if found then
    perform private.raise('STOCK_LIMIT_EXCEEDED',
      format('Giving back %s unit(s) of %s would take its stock past 1,000,000,000 units (it has %s).',
             v_over.quantity, v_over.sku, v_over.current_stock),
      jsonb_build_object('product_id', v_over.id, 'sku', v_over.sku));
  end if;

  with lines as (
    select i.product_id, i.quantity, i.line_number from public.sale_items i where i.sale_id = v_sale.id
  ),
  restored as (
    update public.products p set current_stock = p.current_stock + l.quantity
      from lines l
     where p.id = l.product_id
    returning p.id, p.current_stock - l.quantity as previous, p.current_stock as new_stock, l.quantity, l.line_number
  )
  insert into public.inventory_movements
    (product_id, movement_type, quantity, reason, reference_id, notes, previous_stock, new_stock, created_by)
  select r.id, 'ENTRY', r.quantity, 'SALE_CANCELLATION', v_sale.id, left(format('%s: %s', v_sale.sale_number, v_reason), 500),
         r.previous, r.new_stock, v_user
    from restored r
   order by r.line_number;

  update public.sales s
     set status = 'CANCELLED', cancelled_at = now(), cancelled_by = v_user, cancellation_reason = v_reason
   where s.id = v_sale.id
  returning s.* into v_sale;
  return private.sale_json(v_sale);
end;
$$;

-- =============================================================================
-- Manual stock movements: their document is free text; bounded lock waits
-- =============================================================================
alter table public.inventory_movements
  add column reference text constraint inventory_movements_reference_length check (char_length(reference) <= 100);
comment on column public.inventory_movements.reference is
  'The document a manual movement comes from, as written on it (invoice 4512, voucher 17); free text.';
comment on column public.inventory_movements.reference_id is
  'The sale (or other document of this system) the movement belongs to, written only by the RPC that makes that document.';

drop function private.move_stock(public.products, public.movement_type, integer, text, text, uuid);
create function private.move_stock(
  product public.products,
  movement_type public.movement_type,
  new_stock integer,
  reason text,
  notes text,
  reference_id uuid,
  reference text default null
) returns public.inventory_movements
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  v_movement public.inventory_movements;
begin
  if new_stock > 1000000000 then
    perform private.raise('INVALID_QUANTITY', format('The stock of %s would exceed 1,000,000,000 units.', product.sku),
      jsonb_build_object('product_id', product.id));
  end if;
  update public.products p set current_stock = move_stock.new_stock where p.id = product.id;
  insert into public.inventory_movements
    (product_id, movement_type, quantity, reason, reference_id, reference, notes, previous_stock, new_stock, created_by)
  values
    (product.id, movement_type, abs(move_stock.new_stock - product.current_stock), reason, reference_id,
     move_stock.reference, notes, product.current_stock, move_stock.new_stock, (select auth.uid()))
  returning * into v_movement;
  return v_movement;
end;
$$;
comment on function private.move_stock(public.products, public.movement_type, integer, text, text, uuid, text) is
  'Sets the stock of a product the caller has locked and appends the matching movement (notes and reference arrive cleaned).';
revoke execute on function private.move_stock(public.products, public.movement_type, integer, text, text, uuid, text) from public;

-- The document of a manual movement, checked: free text in `reference`; a
-- reference_id would claim the movement belongs to a sale, which only the
-- sale RPCs may say.
create function private.manual_reference(reference text, reference_id uuid) returns text
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  if reference_id is not null then
    perform private.raise('VALIDATION_ERROR',
      'reference_id links a movement to a sale and is written only by the sale RPCs; put the number of your document in reference.',
      '{"field": "reference_id"}');
  end if;
  return private.optional_text(reference, 'reference', 100);
end;
$$;
comment on function private.manual_reference(text, uuid) is
  'The cleaned free-text reference of a manual movement; VALIDATION_ERROR when a reference_id is given or the text is over 100 characters.';
revoke execute on function private.manual_reference(text, uuid) from public;

drop function public.register_stock_entry(uuid, integer, text, text, uuid);
create function public.register_stock_entry(
  product_id uuid,
  quantity integer,
  reason text default 'PURCHASE',
  notes text default null,
  reference_id uuid default null,
  reference text default null
) returns public.inventory_movements
language plpgsql
volatile
security definer
set search_path = ''
set lock_timeout = '2s'
as $$
declare
  v_reason text;
  v_notes text;
  v_reference text;
  v_product public.products;
begin
  perform private.require_role('staff', 'register a stock entry');
  perform private.check_quantity(quantity);
  v_reason := private.check_reason(reason, array['PURCHASE', 'RETURN', 'INITIAL_STOCK', 'OTHER']);
  v_notes := private.optional_text(notes, 'notes', 500);
  v_reference := private.manual_reference(reference, reference_id);
  v_product := private.lock_product(product_id);
  return private.move_stock(v_product, 'ENTRY', v_product.current_stock + quantity, v_reason, v_notes, null,
                            v_reference);
end;
$$;
comment on function public.register_stock_entry(uuid, integer, text, text, uuid, text) is
  'Goods received: adds quantity (1..1,000,000) to the stock. Reasons PURCHASE | RETURN | INITIAL_STOCK | OTHER; reference is the document''s number (free text; reference_id is refused). Staff and above. Returns the movement.';
revoke execute on function public.register_stock_entry(uuid, integer, text, text, uuid, text) from public, anon;
grant execute on function public.register_stock_entry(uuid, integer, text, text, uuid, text) to authenticated, service_role;

drop function public.register_stock_exit(uuid, integer, text, text, uuid);
create function public.register_stock_exit(
  product_id uuid,
  quantity integer,
  reason text default 'DAMAGE',
  notes text default null,
  reference_id uuid default null,
  reference text default null
) returns public.inventory_movements
language plpgsql
volatile
security definer
set search_path = ''
set lock_timeout = '2s'
as $$
declare
  v_reason text;
  v_notes text;
  v_reference text;
  v_product public.products;
begin
  perform private.require_role('manager', 'register a stock exit');
  perform private.check_quantity(quantity);
  v_reason := private.check_reason(reason, array['DAMAGE', 'LOSS', 'INTERNAL_USE', 'OTHER']);
  v_notes := private.optional_text(notes, 'notes', 500);
  v_reference := private.manual_reference(reference, reference_id);
  v_product := private.lock_product(product_id);
  if v_product.current_stock < quantity then
    perform private.raise('INSUFFICIENT_STOCK',
      format('Only %s unit(s) of %s in stock; cannot take %s.', v_product.current_stock, v_product.sku, quantity),
      jsonb_build_object('product_id', v_product.id, 'sku', v_product.sku,
                         'requested', quantity, 'available', v_product.current_stock));
  end if;
  return private.move_stock(v_product, 'EXIT', v_product.current_stock - quantity, v_reason, v_notes, null,
                            v_reference);
end;
$$;
comment on function public.register_stock_exit(uuid, integer, text, text, uuid, text) is
  'Stock leaving other than by sale: removes quantity, never below zero (INSUFFICIENT_STOCK). Reasons DAMAGE | LOSS | INTERNAL_USE | OTHER; reference is the document''s number (free text; reference_id is refused). Managers and admins. Returns the movement.';
revoke execute on function public.register_stock_exit(uuid, integer, text, text, uuid, text) from public, anon;
grant execute on function public.register_stock_exit(uuid, integer, text, text, uuid, text) to authenticated, service_role;

alter function public.adjust_stock(uuid, integer, text, text, integer) set lock_timeout = '2s';

-- =============================================================================
-- daily_sales_summary: every discount is a discount; margins for managers
-- =============================================================================
create or replace function public.daily_sales_summary(day date default null) returns jsonb
language plpgsql
stable
-- Security definer: it reads the cost of the day's lines, which viewers may
-- not read; it checks the role first and shows the margin to managers only.
security definer
set search_path = ''
-- Planned for each day asked: a generic plan cannot know how few sales a
-- day has and reads every sale item.
set plan_cache_mode = force_custom_plan
as $$
declare
  v_timezone text;
  v_day date;
  v_from timestamptz;
  v_to timestamptz;
  v_with_cost boolean;
  v_result jsonb;
begin
  perform private.require_role('viewer', 'read reports');
  v_with_cost := private.has_role('manager');
  select st.timezone into v_timezone from public.store_settings st;
  v_day := coalesce(day, (now() at time zone v_timezone)::date);
  v_from := v_day::timestamp at time zone v_timezone;
  v_to := (v_day + 1)::timestamp at time zone v_timezone;

  with day_sales as materialized (
    select s.id, s.status, s.sale_date, s.subtotal, s.line_discount, s.discount, s.tax, s.total, s.payment_method
      from public.sales s
     where s.sale_date >= v_from and s.sale_date < v_to
  ),
  done as (
    select * from day_sales where status = 'COMPLETED'
  ),
  totals as (
    select count(*) as sales_count,
           coalesce(sum(subtotal), 0) as subtotal,
           coalesce(sum(line_discount), 0) as line_discounts,
           coalesce(sum(discount), 0) as sale_discounts,
           coalesce(sum(tax), 0) as tax,
           coalesce(sum(total), 0) as total
      from done
  ),
  -- The day's lines grouped by product first; the catalog is read only for
  -- the few products that make a top 10. Straight from sales (not the CTE
  -- above) so the planner sees how few sales the day has and reads their
  -- items through the sale_id index.
  by_product as materialized (
    select i.product_id,
           sum(i.quantity) as quantity,
           sum(i.subtotal) as revenue,
           sum(i.quantity * i.cost_price) as cost  -- whole units × cents: exact, nothing to round
      from public.sales s
      join public.sale_items i on i.sale_id = s.id
     where s.sale_date >= v_from and s.sale_date < v_to and s.status = 'COMPLETED'
     group by i.product_id
  ),
  line_totals as (
    select coalesce(sum(quantity), 0) as items_sold, coalesce(sum(cost), 0) as cost from by_product
  ),
  top_quantity as (
    select b.product_id, p.sku, p.name, b.quantity, b.revenue
      from (select *, rank() over (order by quantity desc, revenue desc) as place from by_product) b
      join public.products p on p.id = b.product_id
     where b.place <= 10
     order by b.quantity desc, b.revenue desc, p.sku
     limit 10
  ),
  top_revenue as (
    select b.product_id, p.sku, p.name, b.quantity, b.revenue
      from (select *, rank() over (order by revenue desc, quantity desc) as place from by_product) b
      join public.products p on p.id = b.product_id
     where b.place <= 10
     order by b.revenue desc, b.quantity desc, p.sku
     limit 10
  ),
  hours as (
    select extract(hour from d.sale_date at time zone v_timezone)::integer as hour, count(*) as sales_count,
           sum(d.total) as total
      from done d group by 1
  )
  select jsonb_build_object(
    'date', v_day,
    'timezone', v_timezone,
    'from', v_from,
    'to', v_to,
    'sales_count', t.sales_count,
    'cancelled_count', (select count(*) from day_sales where status = 'CANCELLED'),
    'items_sold', lt.items_sold,
    'gross_sales', t.subtotal + t.line_discounts,
    'line_discounts', t.line_discounts,
    'sale_discounts', t.sale_discounts,
    'discounts', t.line_discounts + t.sale_discounts,
    'subtotal', t.subtotal,
    'tax', t.tax,
    'total', t.total,
    'average_ticket', case when t.sales_count = 0 then 0 else round(t.total / t.sales_count, 2) end,
    'gross_profit', case when v_with_cost then t.subtotal - t.sale_discounts - lt.cost end,
    'by_payment_method', coalesce((
      select jsonb_agg(jsonb_build_object('payment_method', d.payment_method, 'sales_count', count, 'total', total)
                       order by d.payment_method)
        from (select payment_method, count(*) as count, sum(total) as total from done group by payment_method) d
    ), '[]'::jsonb),
    'top_products_by_quantity', coalesce((
      select jsonb_agg(to_jsonb(b) order by b.quantity desc, b.revenue desc, b.sku) from top_quantity b
    ), '[]'::jsonb),
    'top_products_by_revenue', coalesce((
      select jsonb_agg(to_jsonb(b) order by b.revenue desc, b.quantity desc, b.sku) from top_revenue b
    ), '[]'::jsonb),
    'hourly', (
      select jsonb_agg(jsonb_build_object('hour', h, 'sales_count', coalesce(x.sales_count, 0), 'total', coalesce(x.total, 0))
                       order by h)
        from generate_series(0, 23) as h left join hours x on x.hour = h
    )
  ) into v_result
  from totals t cross join line_totals lt;
  return v_result;
end;
$$;
comment on function public.daily_sales_summary(date) is
  'Figures of one calendar day in the store time zone (today when null), over completed sales: counts, items, gross sales (before any discount), line and sale discounts and their sum, subtotal (after line discounts), tax, total, average ticket, gross profit (net of every discount and tax, at cost at sale time; managers only, null for others), by payment method, top 10 products by quantity and by revenue (line subtotals), and 24 hourly buckets. Viewers and above.';
