-- Selling at the counter: a sale is all or nothing — its row, its items, one
-- SALE exit per item, its number and its totals, computed here in SQL — and a
-- cancellation gives back exactly what the sale took. Sale numbers are
-- V-<year>-<n>, unique, never reused and gapless within a year. A retried
-- request with the same idempotency key returns the first sale.

-- =============================================================================
-- Types
-- =============================================================================
create type public.sale_status as enum ('COMPLETED', 'CANCELLED');
comment on type public.sale_status is 'COMPLETED when sold; CANCELLED after cancel_sale gave the stock back.';
create type public.payment_method as enum ('CASH', 'CARD', 'TRANSFER', 'QR');
comment on type public.payment_method is 'How the customer paid: cash, card, bank transfer or QR (simple QR payments are common in Bolivia).';

-- =============================================================================
-- Gapless sale numbers: one counter row per year, taken inside the sale's
-- transaction (so a failed sale gives its number back) and as late as
-- possible (so the row lock that serializes numbering is held briefly).
-- =============================================================================
create table private.sale_number_counters (
  year integer primary key,
  last_value integer not null constraint sale_number_counters_positive check (last_value > 0)
);
comment on table private.sale_number_counters is 'The last sale number used in each year (store time zone).';
revoke all on table private.sale_number_counters from public;

-- =============================================================================
-- sales and sale_items
-- =============================================================================
create table public.sales (
  id uuid primary key default gen_random_uuid(),
  sale_number text not null constraint sales_sale_number_key unique
    constraint sales_sale_number_format check (sale_number ~ '^V-[0-9]{4}-[0-9]{6,}$'),
  sale_year integer not null,
  sale_sequence integer not null,
  sale_date timestamptz not null default now(),
  subtotal numeric(12, 2) not null constraint sales_subtotal_non_negative check (subtotal >= 0),
  discount numeric(12, 2) not null default 0 constraint sales_discount_non_negative check (discount >= 0),
  tax_rate numeric(5, 2) not null default 0 constraint sales_tax_rate_range check (tax_rate >= 0 and tax_rate <= 100),
  tax numeric(12, 2) not null default 0 constraint sales_tax_non_negative check (tax >= 0),
  total numeric(12, 2) not null,
  status public.sale_status not null default 'COMPLETED',
  payment_method public.payment_method not null default 'CASH',
  notes text constraint sales_notes_length check (char_length(notes) <= 500),
  idempotency_key text constraint sales_idempotency_key_length check (char_length(idempotency_key) between 1 and 200),
  request_hash text,
  created_at timestamptz not null default now(),
  created_by uuid,
  cancelled_at timestamptz,
  cancelled_by uuid,
  cancellation_reason text constraint sales_cancellation_reason_length check (char_length(cancellation_reason) <= 500),
  constraint sales_year_sequence_key unique (sale_year, sale_sequence),
  constraint sales_totals check (discount <= subtotal and total = subtotal - discount + tax),
  constraint sales_cancellation_consistent check (
    (status = 'COMPLETED' and cancelled_at is null and cancelled_by is null and cancellation_reason is null)
    or (status = 'CANCELLED' and cancelled_at is not null and cancellation_reason is not null)
  )
);
comment on table public.sales is
  'One row per sale. total = subtotal − discount + tax; written only by create_sale and cancel_sale.';
comment on column public.sales.sale_number is 'V-<year>-<6+ digits>: unique, never reused, gapless within a year of the store time zone.';
comment on column public.sales.sale_date is 'When the sale was made (timestamptz); reports cut days in the store time zone.';
comment on column public.sales.subtotal is 'Σ of the line subtotals.';
comment on column public.sales.discount is 'Discount on the whole sale, at most the subtotal.';
comment on column public.sales.tax_rate is 'Percentage applied (13 means 13%): the call''s tax_rate or the store default at the time.';
comment on column public.sales.tax is 'round((subtotal − discount) × tax_rate / 100, 2), half-up.';
comment on column public.sales.idempotency_key is 'Client key: the same key from the same user returns this sale instead of selling twice.';
comment on column public.sales.request_hash is 'Fingerprint of the request the key was first used with; a different request with the same key is refused.';
comment on column public.sales.created_by is 'The seller (null for the service role). No foreign key: sales outlive users.';
comment on column public.sales.cancelled_by is 'Who cancelled the sale.';

create unique index sales_idempotency_key_idx on public.sales
  (coalesce(created_by, '00000000-0000-0000-0000-000000000000'::uuid), idempotency_key)
  where idempotency_key is not null;
create index sales_sale_date_idx on public.sales (sale_date);

create table public.sale_items (
  id uuid primary key default gen_random_uuid(),
  sale_id uuid not null references public.sales (id) on delete restrict,
  line_number smallint not null constraint sale_items_line_number_positive check (line_number > 0),
  product_id uuid not null references public.products (id) on delete restrict,
  quantity integer not null constraint sale_items_quantity_range check (quantity between 1 and 1000000),
  unit_price numeric(12, 2) not null constraint sale_items_unit_price_non_negative check (unit_price >= 0),
  list_price numeric(12, 2) not null constraint sale_items_list_price_non_negative check (list_price >= 0),
  cost_price numeric(12, 2) not null constraint sale_items_cost_price_non_negative check (cost_price >= 0),
  discount numeric(12, 2) not null default 0 constraint sale_items_discount_non_negative check (discount >= 0),
  subtotal numeric(12, 2) not null,
  constraint sale_items_sale_product_key unique (sale_id, product_id),
  -- Carries what the daily summary reads, so a day's lines come from the index alone.
  constraint sale_items_sale_line_key unique (sale_id, line_number) include (product_id, quantity, subtotal, cost_price),
  constraint sale_items_subtotal check (subtotal >= 0 and subtotal = round(quantity * unit_price - discount, 2))
);
comment on table public.sale_items is 'The lines of a sale, one per product.';
comment on column public.sale_items.unit_price is 'Price charged per unit (the list price unless a manager overrode it).';
comment on column public.sale_items.list_price is 'The product''s list price at the moment of sale.';
comment on column public.sale_items.cost_price is 'The product''s cost at the moment of sale, so profit stays known after prices change.';
comment on column public.sale_items.subtotal is 'round(quantity × unit_price − discount, 2), half-up.';

create index sale_items_product_id_idx on public.sale_items (product_id);

-- =============================================================================
-- Sales are history: no delete, items never change, a sale only moves from
-- COMPLETED to CANCELLED.
-- =============================================================================
create function private.sales_guard() returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  -- Two IF statements, not one OR: plpgsql prepares a whole expression at
  -- once, and old.status does not exist for sale_items nor old for TRUNCATE.
  if tg_op <> 'UPDATE' or tg_table_name <> 'sales' then
    raise exception using errcode = 'PT403', message = 'FORBIDDEN',
      detail = 'Sales are history: they are never deleted or edited; cancel_sale is the only change allowed.';
  end if;
  if old.status <> 'COMPLETED' or new.status <> 'CANCELLED'
     or (new.id, new.sale_number, new.sale_year, new.sale_sequence, new.sale_date, new.subtotal, new.discount,
         new.tax_rate, new.tax, new.total, new.payment_method, new.notes, new.idempotency_key, new.request_hash,
         new.created_at, new.created_by)
        is distinct from
        (old.id, old.sale_number, old.sale_year, old.sale_sequence, old.sale_date, old.subtotal, old.discount,
         old.tax_rate, old.tax, old.total, old.payment_method, old.notes, old.idempotency_key, old.request_hash,
         old.created_at, old.created_by) then
    raise exception using errcode = 'PT403', message = 'FORBIDDEN',
      detail = 'Sales are history: they are never deleted or edited; cancel_sale is the only change allowed.';
  end if;
  return new;
end;
$$;
comment on function private.sales_guard() is 'Trigger: sales and their items are never deleted or edited, except COMPLETED → CANCELLED.';
revoke execute on function private.sales_guard() from public;

create trigger sales_guard before update or delete on public.sales
  for each row execute function private.sales_guard();
create trigger sales_no_truncate before truncate on public.sales
  for each statement execute function private.sales_guard();
create trigger sale_items_guard before update or delete on public.sale_items
  for each row execute function private.sales_guard();
create trigger sale_items_no_truncate before truncate on public.sale_items
  for each statement execute function private.sales_guard();

-- =============================================================================
-- Access: every role reads; only the RPCs write
-- =============================================================================
alter table public.sales enable row level security;
revoke all on table public.sales from anon, authenticated, service_role;
grant select on table public.sales to authenticated, service_role;
create policy sales_select on public.sales
  for select to authenticated using ((select private.has_role('viewer')));

alter table public.sale_items enable row level security;
revoke all on table public.sale_items from anon, authenticated, service_role;
grant select on table public.sale_items to authenticated, service_role;
create policy sale_items_select on public.sale_items
  for select to authenticated using ((select private.has_role('viewer')));

-- =============================================================================
-- Helpers
-- =============================================================================
create function private.sale_json(sale_id uuid) returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select to_jsonb(s) - 'request_hash' - 'sale_year' - 'sale_sequence'
         || jsonb_build_object('items', coalesce((
              select jsonb_agg(to_jsonb(i) || jsonb_build_object('product', jsonb_build_object('sku', p.sku, 'name', p.name))
                               order by i.line_number)
                from public.sale_items i
                join public.products p on p.id = i.product_id
               where i.sale_id = s.id), '[]'::jsonb))
    from public.sales s
   where s.id = sale_json.sale_id
$$;
comment on function private.sale_json(uuid) is
  'A sale as the API returns it: the sales columns plus items (its sale_items rows, each with the product''s sku and name).';
revoke execute on function private.sale_json(uuid) from public;
grant execute on function private.sale_json(uuid) to authenticated, service_role;

create function private.raise_line_error(errcode text, code text, line integer, detail text, context jsonb default '{}')
returns void
language plpgsql
immutable
security invoker
set search_path = ''
as $$
begin
  raise exception using errcode = raise_line_error.errcode, message = code,
    detail = format('Line %s: %s', line, detail),
    hint = (jsonb_build_object('line', line) || context)::text;
end;
$$;
comment on function private.raise_line_error(text, text, integer, text, jsonb) is
  'Raises an error that names the offending sale line (1-based) in its detail and hint.';
revoke execute on function private.raise_line_error(text, text, integer, text, jsonb) from public;

-- A money amount from JSON: a number >= 0 with at most 2 decimals, else INVALID_PRICE.
create function private.money_from_json(value jsonb, field text, line integer default null) returns numeric
language plpgsql
immutable
security invoker
set search_path = ''
as $$
declare
  v_amount numeric;
begin
  if value is null or jsonb_typeof(value) = 'null' then
    return null;
  end if;
  if jsonb_typeof(value) = 'number' then
    v_amount := (value #>> '{}')::numeric;
  end if;
  if v_amount is null or v_amount < 0 or v_amount > 9999999999.99 or v_amount <> round(v_amount, 2) then
    raise exception using errcode = 'PT400', message = 'INVALID_PRICE',
      detail = format('%s%s must be a number from 0 to 9,999,999,999.99 with at most 2 decimals (got %s).',
                      case when line is null then '' else format('Line %s: ', line) end, field, value),
      hint = jsonb_build_object('line', line, 'field', field)::text;
  end if;
  return v_amount;
end;
$$;
comment on function private.money_from_json(jsonb, text, integer) is 'Reads a money amount from JSON, or raises INVALID_PRICE naming the field and line.';
revoke execute on function private.money_from_json(jsonb, text, integer) from public;

-- =============================================================================
-- create_sale
-- =============================================================================
-- Security definer: it writes stock, the ledger and the sales, which no API
-- role may write directly; it checks the caller's role first.
create function public.create_sale(
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
as $$
declare
  v_user uuid := (select auth.uid());
  v_hash text;
  v_existing record;
  v_line record;
  v_count integer;
  v_ids uuid[] := '{}';
  v_quantities integer[] := '{}';
  v_prices numeric[] := '{}';
  v_discounts numeric[] := '{}';
  v_product record;
  v_index integer;
  v_price numeric;
  v_gross numeric;
  v_line_subtotal numeric;
  v_subtotals numeric[] := '{}';
  v_list_prices numeric[] := '{}';
  v_costs numeric[] := '{}';
  v_previous integer[] := '{}';
  v_skus text[] := '{}';
  v_names text[] := '{}';
  v_default_tax_rate numeric;
  v_sale jsonb;
  v_subtotal numeric := 0;
  v_discount numeric;
  v_tax_rate numeric;
  v_tax numeric;
  v_payment public.payment_method;
  v_sale_id uuid := gen_random_uuid();
  v_timezone text;
  v_now timestamptz := now();
  v_year integer;
  v_sequence integer;
  v_number text;
  v_is_manager boolean;
begin
  perform private.require_role('staff', 'sell');

  -- ---- idempotency: the same key from the same user returns the first sale
  if idempotency_key is not null then
    if char_length(idempotency_key) not between 1 and 200 then
      raise exception using errcode = 'PT400', message = 'VALIDATION_ERROR',
        detail = 'idempotency_key must be 1 to 200 characters.', hint = '{"field": "idempotency_key"}';
    end if;
    v_hash := md5(jsonb_build_array(items, discount, tax_rate, payment_method, notes)::text);
    -- Serializes racing retries of one key; the loser then sees the winner's sale.
    perform pg_advisory_xact_lock(hashtextextended(coalesce(v_user::text, 'service_role') || ':' || idempotency_key, 0));
    select s.id, s.request_hash into v_existing
      from public.sales s
     where coalesce(s.created_by, '00000000-0000-0000-0000-000000000000'::uuid)
           = coalesce(v_user, '00000000-0000-0000-0000-000000000000'::uuid)
       and s.idempotency_key = create_sale.idempotency_key;
    if found then
      if v_existing.request_hash is distinct from v_hash then
        raise exception using errcode = 'PT409', message = 'IDEMPOTENCY_KEY_REUSED',
          detail = 'This idempotency key was already used for a different sale; use a new key for a new sale.',
          hint = jsonb_build_object('sale_id', v_existing.id)::text;
      end if;
      return private.sale_json(v_existing.id);
    end if;
  end if;

  -- ---- the whole request is checked before anything is written
  if items is null or jsonb_typeof(items) <> 'array' then
    raise exception using errcode = 'PT400', message = 'VALIDATION_ERROR',
      detail = 'items must be an array of {product_id, quantity, unit_price?, discount?}.', hint = '{"field": "items"}';
  end if;
  v_count := jsonb_array_length(items);
  if v_count = 0 then
    raise exception using errcode = 'PT400', message = 'EMPTY_SALE', detail = 'A sale needs at least one line.',
      hint = '{"field": "items"}';
  end if;
  if v_count > 100 then
    raise exception using errcode = 'PT400', message = 'VALIDATION_ERROR',
      detail = format('A sale has at most 100 lines (got %s).', v_count), hint = '{"field": "items"}';
  end if;

  for v_line in select value as item, ordinality::integer as n from jsonb_array_elements(items) with ordinality loop
    if jsonb_typeof(v_line.item) <> 'object' then
      perform private.raise_line_error('PT400', 'VALIDATION_ERROR', v_line.n, 'each line must be an object.');
    end if;
    if v_line.item - array['product_id', 'quantity', 'unit_price', 'discount'] <> '{}'::jsonb then
      perform private.raise_line_error('PT400', 'VALIDATION_ERROR', v_line.n,
        'only product_id, quantity, unit_price and discount are allowed.');
    end if;
    if jsonb_typeof(v_line.item -> 'product_id') is distinct from 'string'
       or (v_line.item ->> 'product_id') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
      perform private.raise_line_error('PT400', 'VALIDATION_ERROR', v_line.n, 'product_id must be a UUID.',
        '{"field": "product_id"}');
    end if;
    if jsonb_typeof(v_line.item -> 'quantity') is distinct from 'number'
       or (v_line.item ->> 'quantity')::numeric <> trunc((v_line.item ->> 'quantity')::numeric)
       or (v_line.item ->> 'quantity')::numeric not between 1 and 1000000 then
      perform private.raise_line_error('PT400', 'INVALID_QUANTITY', v_line.n,
        format('quantity must be a whole number from 1 to 1,000,000 (got %s).', coalesce(v_line.item -> 'quantity', 'null')),
        '{"field": "quantity"}');
    end if;
    if (v_line.item ->> 'product_id')::uuid = any (v_ids) then
      perform private.raise_line_error('PT400', 'DUPLICATE_SALE_LINE', v_line.n,
        'this product is already on another line; sell it once with the total quantity.',
        jsonb_build_object('product_id', v_line.item ->> 'product_id'));
    end if;
    v_ids := v_ids || (v_line.item ->> 'product_id')::uuid;
    -- Through numeric: a whole number written as 2.0 is valid JSON for 2, but not integer input.
    v_quantities := v_quantities || (v_line.item ->> 'quantity')::numeric::integer;
    v_prices := v_prices || case when v_line.item ? 'unit_price'
                                 then private.money_from_json(v_line.item -> 'unit_price', 'unit_price', v_line.n) end;
    v_discounts := v_discounts || case when v_line.item ? 'discount'
                                       then coalesce(private.money_from_json(v_line.item -> 'discount', 'discount', v_line.n), 0)
                                       else 0 end;
  end loop;

  v_discount := coalesce(discount, 0);
  if v_discount < 0 or v_discount <> round(v_discount, 2) then
    raise exception using errcode = 'PT400', message = 'INVALID_PRICE',
      detail = format('discount must be an amount >= 0 with at most 2 decimals (got %s).', v_discount),
      hint = '{"field": "discount"}';
  end if;
  select st.default_tax_rate, st.timezone into v_default_tax_rate, v_timezone from public.store_settings st;
  v_tax_rate := coalesce(tax_rate, v_default_tax_rate);
  if v_tax_rate < 0 or v_tax_rate > 100 or v_tax_rate <> round(v_tax_rate, 2) then
    raise exception using errcode = 'PT400', message = 'VALIDATION_ERROR',
      detail = format('tax_rate is a percentage from 0 to 100 with at most 2 decimals (got %s).', v_tax_rate),
      hint = '{"field": "tax_rate"}';
  end if;
  if payment_method is null or upper(btrim(payment_method)) not in ('CASH', 'CARD', 'TRANSFER', 'QR') then
    raise exception using errcode = 'PT400', message = 'VALIDATION_ERROR',
      detail = format('payment_method must be CASH, CARD, TRANSFER or QR (got %s).', coalesce(payment_method, 'null')),
      hint = '{"field": "payment_method"}';
  end if;
  v_payment := upper(btrim(payment_method))::public.payment_method;
  perform private.check_notes(notes);

  -- ---- lock every product in one fixed order (by id): two sales over the same
  -- products queue instead of deadlocking
  v_index := 0;
  for v_product in
    select p.id, p.sku, p.name, p.is_active, p.current_stock, p.unit_price, p.cost_price
      from public.products p
     where p.id = any (v_ids)
     order by p.id
       for update
  loop
    v_index := array_position(v_ids, v_product.id);
    if not v_product.is_active then
      perform private.raise_line_error('PT409', 'PRODUCT_INACTIVE', v_index,
        format('%s (%s) is deactivated.', v_product.sku, v_product.name),
        jsonb_build_object('product_id', v_product.id, 'sku', v_product.sku));
    end if;
    if v_product.current_stock < v_quantities[v_index] then
      perform private.raise_line_error('PT409', 'INSUFFICIENT_STOCK', v_index,
        format('only %s unit(s) of %s in stock; cannot sell %s.', v_product.current_stock, v_product.sku, v_quantities[v_index]),
        jsonb_build_object('product_id', v_product.id, 'sku', v_product.sku,
                           'requested', v_quantities[v_index], 'available', v_product.current_stock));
    end if;
    v_price := coalesce(v_prices[v_index], v_product.unit_price);
    if v_price <> v_product.unit_price then
      -- the role is looked up once, and only when a price differs from the list price
      v_is_manager := coalesce(v_is_manager, private.has_role('manager'));
      if not v_is_manager then
        perform private.raise_line_error('PT403', 'PRICE_OVERRIDE_FORBIDDEN', v_index,
          format('only a manager may sell %s at %s instead of its price %s.', v_product.sku, v_price, v_product.unit_price),
          jsonb_build_object('product_id', v_product.id, 'unit_price', v_product.unit_price));
      end if;
    end if;
    v_gross := v_quantities[v_index] * v_price;
    if v_gross > 9999999999.99 then
      perform private.raise_line_error('PT400', 'INVALID_PRICE', v_index,
        format('the line amount %s × %s = %s exceeds 9,999,999,999.99.', v_quantities[v_index], v_price, v_gross),
        jsonb_build_object('product_id', v_product.id, 'amount', v_gross));
    end if;
    if v_discounts[v_index] > v_gross then
      perform private.raise_line_error('PT400', 'DISCOUNT_EXCEEDS_AMOUNT', v_index,
        format('the discount %s is larger than the line amount %s.', v_discounts[v_index], round(v_gross, 2)),
        jsonb_build_object('field', 'discount'));
    end if;
    v_line_subtotal := round(v_gross - v_discounts[v_index], 2);
    v_prices[v_index] := v_price;
    v_subtotals[v_index] := v_line_subtotal;
    v_list_prices[v_index] := v_product.unit_price;
    v_costs[v_index] := v_product.cost_price;
    v_previous[v_index] := v_product.current_stock;
    v_skus[v_index] := v_product.sku;
    v_names[v_index] := v_product.name;
    v_subtotal := v_subtotal + v_line_subtotal;
  end loop;
  for v_index in 1 .. v_count loop
    if v_previous[v_index] is null then
      perform private.raise_line_error('PT404', 'PRODUCT_NOT_FOUND', v_index,
        format('no product has id %s.', v_ids[v_index]), jsonb_build_object('product_id', v_ids[v_index]));
    end if;
  end loop;

  if v_discount > v_subtotal then
    raise exception using errcode = 'PT400', message = 'DISCOUNT_EXCEEDS_AMOUNT',
      detail = format('The sale discount %s is larger than the subtotal %s.', v_discount, v_subtotal),
      hint = jsonb_build_object('field', 'discount', 'subtotal', v_subtotal)::text;
  end if;
  v_tax := round((v_subtotal - v_discount) * v_tax_rate / 100, 2);
  -- Every amount is numeric(12, 2): refuse a sale too large to record instead of failing on the insert.
  if v_subtotal > 9999999999.99 or v_subtotal - v_discount + v_tax > 9999999999.99 then
    raise exception using errcode = 'PT400', message = 'INVALID_PRICE',
      detail = format('The sale amounts to %s (subtotal %s): at most 9,999,999,999.99 fits in one sale.',
                      v_subtotal - v_discount + v_tax, v_subtotal),
      hint = jsonb_build_object('field', 'total', 'subtotal', v_subtotal, 'tax', v_tax)::text;
  end if;

  -- ---- write: stock, ledger, number, sale, items
  with taken as (
    update public.products p
       set current_stock = p.current_stock - l.quantity
      from unnest(v_ids, v_quantities) as l(product_id, quantity)
     where p.id = l.product_id
    returning p.id
  )
  insert into public.inventory_movements
    (product_id, movement_type, quantity, reason, reference_id, previous_stock, new_stock, created_by, created_at)
  select l.product_id, 'EXIT', l.quantity, 'SALE', v_sale_id, l.previous, l.previous - l.quantity, v_user, v_now
    from unnest(v_ids, v_quantities, v_previous) with ordinality as l(product_id, quantity, previous, n)
    join taken t on t.id = l.product_id
   order by l.n;

  v_year := extract(year from v_now at time zone v_timezone)::integer;
  insert into private.sale_number_counters as c (year, last_value) values (v_year, 1)
  on conflict (year) do update set last_value = c.last_value + 1
  returning c.last_value into v_sequence;
  v_number := format('V-%s-%s', v_year, lpad(v_sequence::text, greatest(6, char_length(v_sequence::text)), '0'));

  -- The sale, its items and the answer in one statement (the items' foreign
  -- key is checked at its end, when the sale row exists); the answer has the
  -- shape of private.sale_json without reading back what was just written
  -- (tests/sales/cancel-sale.test.ts compares the two, so they cannot drift).
  with sale as (
    insert into public.sales
      (id, sale_number, sale_year, sale_sequence, sale_date, subtotal, discount, tax_rate, tax, total,
       payment_method, notes, idempotency_key, request_hash, created_at, created_by)
    values
      (v_sale_id, v_number, v_year, v_sequence, v_now, v_subtotal, v_discount, v_tax_rate, v_tax,
       v_subtotal - v_discount + v_tax, v_payment, nullif(btrim(notes), ''), idempotency_key, v_hash, v_now, v_user)
    returning *
  ),
  lines as (
    insert into public.sale_items
      (sale_id, line_number, product_id, quantity, unit_price, list_price, cost_price, discount, subtotal)
    select v_sale_id, l.n, l.product_id, l.quantity, l.price, l.list_price, l.cost, l.discount, l.subtotal
      from unnest(v_ids, v_quantities, v_prices, v_list_prices, v_costs, v_discounts, v_subtotals)
           with ordinality as l(product_id, quantity, price, list_price, cost, discount, subtotal, n)
    returning *
  )
  select to_jsonb(s) - 'request_hash' - 'sale_year' - 'sale_sequence'
         || jsonb_build_object('items', (
              select jsonb_agg(to_jsonb(i) || jsonb_build_object('product',
                                 jsonb_build_object('sku', v_skus[i.line_number], 'name', v_names[i.line_number]))
                               order by i.line_number)
                from lines i))
    into v_sale
    from sale s;
  return v_sale;
end;
$$;
comment on function public.create_sale(jsonb, numeric, numeric, text, text, text) is
  'Sells items [{product_id, quantity, unit_price?, discount?}] atomically: checks every line, locks the products by id, writes the sale, its items and one EXIT/SALE movement per line, computes every amount (half-up to cents). unit_price defaults to the list price; only managers may override it. The same idempotency_key from the same user returns the first sale. Staff and above. Returns the sale with its items.';
revoke execute on function public.create_sale(jsonb, numeric, numeric, text, text, text) from public, anon;
grant execute on function public.create_sale(jsonb, numeric, numeric, text, text, text) to authenticated, service_role;

-- =============================================================================
-- cancel_sale
-- =============================================================================
-- Security definer for the same reason as create_sale.
create function public.cancel_sale(sale_id uuid, reason text) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_sale public.sales;
  v_user uuid := (select auth.uid());
  -- Trimmed of every kind of blank (btrim alone keeps tabs and newlines).
  v_reason text := btrim(reason, E' \t\n\r\f\x0B');
begin
  perform private.require_role('manager', 'cancel a sale');
  if v_reason is null or char_length(v_reason) not between 1 and 500 then
    raise exception using errcode = 'PT400', message = 'VALIDATION_ERROR',
      detail = 'reason is required (1 to 500 characters): say why the sale is cancelled.', hint = '{"field": "reason"}';
  end if;
  select s.* into v_sale from public.sales s where s.id = cancel_sale.sale_id for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'SALE_NOT_FOUND',
      detail = format('No sale has id %s.', coalesce(sale_id::text, 'null')),
      hint = jsonb_build_object('sale_id', sale_id)::text;
  end if;
  if v_sale.status = 'CANCELLED' then
    raise exception using errcode = 'PT409', message = 'SALE_ALREADY_CANCELLED',
      detail = format('The sale %s was already cancelled on %s.', v_sale.sale_number, v_sale.cancelled_at),
      hint = jsonb_build_object('sale_id', v_sale.id, 'sale_number', v_sale.sale_number)::text;
  end if;

  -- Lock the products in id order (as create_sale does) and give back exactly
  -- what each line took, even to a product deactivated since.
  with lines as (
    select i.product_id, i.quantity, i.line_number from public.sale_items i where i.sale_id = v_sale.id
  ),
  locked as (
    select p.id, p.current_stock from public.products p where p.id in (select product_id from lines)
     order by p.id for update
  ),
  restored as (
    update public.products p set current_stock = p.current_stock + l.quantity
      from lines l join locked k on k.id = l.product_id
     where p.id = l.product_id
    returning p.id, k.current_stock as previous, p.current_stock as new_stock, l.quantity, l.line_number
  )
  insert into public.inventory_movements
    (product_id, movement_type, quantity, reason, reference_id, notes, previous_stock, new_stock, created_by)
  select r.id, 'ENTRY', r.quantity, 'SALE_CANCELLATION', v_sale.id, left(format('%s: %s', v_sale.sale_number, v_reason), 500),
         r.previous, r.new_stock, v_user
    from restored r
   order by r.line_number;

  update public.sales s
     set status = 'CANCELLED', cancelled_at = now(), cancelled_by = v_user, cancellation_reason = v_reason
   where s.id = v_sale.id;
  return private.sale_json(v_sale.id);
end;
$$;
comment on function public.cancel_sale(uuid, text) is
  'Cancels a completed sale: marks it CANCELLED and gives back exactly the stock each line took (ENTRY / SALE_CANCELLATION movements). SALE_NOT_FOUND, SALE_ALREADY_CANCELLED. Managers and admins.';
revoke execute on function public.cancel_sale(uuid, text) from public, anon;
grant execute on function public.cancel_sale(uuid, text) to authenticated, service_role;

-- =============================================================================
-- get_sale
-- =============================================================================
create function public.get_sale(sale_id uuid) returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_sale jsonb;
begin
  perform private.require_role('viewer', 'read sales');
  v_sale := private.sale_json(sale_id);
  if v_sale is null then
    raise exception using errcode = 'PT404', message = 'SALE_NOT_FOUND',
      detail = format('No sale has id %s.', coalesce(sale_id::text, 'null')),
      hint = jsonb_build_object('sale_id', sale_id)::text;
  end if;
  return v_sale;
end;
$$;
comment on function public.get_sale(uuid) is 'One sale with its items and their products'' sku and name (SALE_NOT_FOUND otherwise). Viewers and above.';
revoke execute on function public.get_sale(uuid) from public, anon;
grant execute on function public.get_sale(uuid) to authenticated, service_role;

-- =============================================================================
-- daily_sales_summary
-- =============================================================================
create function public.daily_sales_summary(day date default null) returns jsonb
language plpgsql
stable
security invoker
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
  v_result jsonb;
begin
  perform private.require_role('viewer', 'read reports');
  select st.timezone into v_timezone from public.store_settings st;
  v_day := coalesce(day, (now() at time zone v_timezone)::date);
  v_from := v_day::timestamp at time zone v_timezone;
  v_to := (v_day + 1)::timestamp at time zone v_timezone;

  with day_sales as materialized (
    select s.id, s.status, s.sale_date, s.subtotal, s.discount, s.tax, s.total, s.payment_method
      from public.sales s
     where s.sale_date >= v_from and s.sale_date < v_to
  ),
  done as (
    select * from day_sales where status = 'COMPLETED'
  ),
  totals as (
    select count(*) as sales_count,
           coalesce(sum(subtotal), 0) as subtotal,
           coalesce(sum(discount), 0) as discounts,
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
    'subtotal', t.subtotal,
    'discounts', t.discounts,
    'tax', t.tax,
    'total', t.total,
    'average_ticket', case when t.sales_count = 0 then 0 else round(t.total / t.sales_count, 2) end,
    'gross_profit', t.subtotal - t.discounts - lt.cost,
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
  'Figures of one calendar day in the store time zone (today when null), over completed sales: counts, items, subtotal, discounts, tax, total, average ticket, gross profit (net of discounts and tax, at cost at sale time), by payment method, top 10 products by quantity and by revenue (line subtotals), and 24 hourly buckets. Viewers and above.';
revoke execute on function public.daily_sales_summary(date) from public, anon;
grant execute on function public.daily_sales_summary(date) to authenticated, service_role;
