-- A sale is paid one way or several (cash and QR, part on the customer's
-- account): each part is a row of sale_payments, and a part on CREDIT is a
-- CHARGE on the customer's account ledger, written in the same transaction
-- as the sale, against a credit limit that blocks rather than warns. Calls
-- that send only payment_method keep working unchanged: the sale then has
-- one payment of that method for its total.

-- =============================================================================
-- The customer of a sale
-- =============================================================================
alter table public.sales add column customer_id uuid references public.customers (id) on delete restrict;
comment on column public.sales.customer_id is
  'The customer the sale was made to: required when part of it is on credit, optional otherwise (a named receipt).';
create index sales_customer_idx on public.sales (customer_id, sale_date) where customer_id is not null;
grant select (customer_id) on table public.sales to authenticated;

create or replace function private.sales_guard() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- Two IF statements, not one OR: plpgsql prepares a whole expression at
  -- once, and old.status does not exist for the other tables nor old for TRUNCATE.
  if tg_op <> 'UPDATE' or tg_table_name <> 'sales' then
    perform private.raise('FORBIDDEN',
      'Sales are history: they are never deleted or edited; cancel_sale is the only change allowed.');
  end if;
  if old.status <> 'COMPLETED' or new.status <> 'CANCELLED'
     or (new.id, new.sale_number, new.sale_year, new.sale_sequence, new.sale_date, new.subtotal, new.line_discount,
         new.discount, new.tax_rate, new.tax, new.total, new.payment_method, new.customer_id, new.notes,
         new.idempotency_key, new.request_hash, new.created_at, new.created_by)
        is distinct from
        (old.id, old.sale_number, old.sale_year, old.sale_sequence, old.sale_date, old.subtotal, old.line_discount,
         old.discount, old.tax_rate, old.tax, old.total, old.payment_method, old.customer_id, old.notes,
         old.idempotency_key, old.request_hash, old.created_at, old.created_by) then
    perform private.raise('FORBIDDEN',
      'Sales are history: they are never deleted or edited; cancel_sale is the only change allowed.');
  end if;
  return new;
end;
$$;

-- A customer with sales is deactivated, not deleted (the foreign key would
-- refuse too, but without a code).
create or replace function private.customers_refuse_delete_with_history() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (select from public.customer_account_movements m where m.customer_id = old.id)
     or exists (select from public.sales s where s.customer_id = old.id) then
    perform private.raise('CUSTOMER_HAS_HISTORY',
      format('%s has sales or account movements; deactivate the customer (is_active = false) instead of deleting them.',
             old.name),
      jsonb_build_object('customer_id', old.id));
  end if;
  return old;
end;
$$;
comment on function private.customers_refuse_delete_with_history() is
  'Trigger: refuses to delete a customer with sales or account movements (CUSTOMER_HAS_HISTORY). Security definer so the check sees every sale and movement.';

-- =============================================================================
-- sale_payments
-- =============================================================================
create table public.sale_payments (
  id uuid primary key default gen_random_uuid(),
  sale_id uuid not null references public.sales (id) on delete restrict,
  position smallint not null constraint sale_payments_position_range check (position between 1 and 10),
  method public.payment_method not null constraint sale_payments_method_single check (method <> 'MIXED'),
  amount numeric(12, 2) not null constraint sale_payments_amount_non_negative check (amount >= 0),
  tendered numeric(12, 2),
  change numeric(12, 2),
  reference text constraint sale_payments_reference_length check (char_length(reference) <= 100),
  created_at timestamptz not null default now(),
  constraint sale_payments_sale_position_key unique (sale_id, position),
  -- Only cash is tendered: the change is what goes back, never money received.
  constraint sale_payments_cash_tendered check (
    (tendered is null and change is null)
    or (method = 'CASH' and tendered >= amount and change = tendered - amount))
);
comment on table public.sale_payments is
  'How each sale was paid, one row per part (append-only, written by create_sale): the parts add up to the sale''s total. A CREDIT part is on the sale''s customer''s account (a CHARGE movement).';
comment on column public.sale_payments.amount is 'What this part pays of the sale''s total (cash: what stays in the drawer, never the amount tendered).';
comment on column public.sale_payments.tendered is 'Cash only: what the customer handed over, when the cashier entered it.';
comment on column public.sale_payments.change is 'Cash only: tendered − amount, the change given back.';
comment on column public.sale_payments.reference is 'The voucher, card slip or transfer number, as written.';

create trigger sale_payments_append_only
  before update or delete on public.sale_payments
  for each row execute function private.sales_guard();
create trigger sale_payments_no_truncate
  before truncate on public.sale_payments
  for each statement execute function private.sales_guard();

alter table public.sale_payments enable row level security;
revoke all on table public.sale_payments from anon, authenticated, service_role;
grant select on table public.sale_payments to authenticated, service_role;
create policy sale_payments_select on public.sale_payments
  for select to authenticated using ((select private.has_role('viewer')));

-- Every sale made before this migration was paid one way, for its total.
insert into public.sale_payments (sale_id, position, method, amount, created_at)
select s.id, 1, s.payment_method, s.total, s.created_at from public.sales s;

-- =============================================================================
-- The payments of a sale request
-- =============================================================================
create type private.sale_payment as (
  position integer,
  method public.payment_method,
  -- null: the sale's total (a sale sent without payments)
  amount numeric,
  tendered numeric,
  reference text
);
comment on type private.sale_payment is
  'One part of a sale''s payment as asked: its method, amount (null = the whole total), cash tendered and reference.';

-- Parses the payments of a sale as sent, before anything is read or locked;
-- without payments, the sale is paid whole by payment_method.
create function private.sale_payment_parts(payments jsonb, payment_method text) returns private.sale_payment[]
language plpgsql
immutable
security invoker
set search_path = ''
as $$
declare
  v_parts private.sale_payment[] := '{}';
  v_part jsonb;
  v_n integer := 0;
  v_method text;
  v_amount numeric;
  v_tendered numeric;
  v_reference text;
begin
  if payment_method is not null
     and upper(btrim(payment_method)) not in ('CASH', 'CARD', 'TRANSFER', 'QR', 'CREDIT') then
    perform private.raise('VALIDATION_ERROR',
      format('payment_method must be CASH, CARD, TRANSFER, QR or CREDIT (got %s).', payment_method),
      '{"field": "payment_method"}');
  end if;
  if payments is null or jsonb_typeof(payments) = 'null' then
    if payment_method is null then
      perform private.raise('VALIDATION_ERROR', 'Send payment_method or payments.', '{"field": "payment_method"}');
    end if;
    return array[row(1, upper(btrim(payment_method))::public.payment_method, null, null, null)::private.sale_payment];
  end if;
  if jsonb_typeof(payments) <> 'array' or jsonb_array_length(payments) not between 1 and 10 then
    perform private.raise('VALIDATION_ERROR',
      'payments must be an array of 1 to 10 {method, amount, tendered?, reference?}.', '{"field": "payments"}');
  end if;
  for v_part in select e.value from jsonb_array_elements(payments) as e loop
    v_n := v_n + 1;
    if jsonb_typeof(v_part) <> 'object' or v_part - array['method', 'amount', 'tendered', 'reference'] <> '{}'::jsonb then
      perform private.raise('VALIDATION_ERROR',
        format('Payment %s must be an object of method, amount, tendered? and reference?.', v_n),
        jsonb_build_object('field', 'payments', 'payment', v_n));
    end if;
    v_method := upper(btrim(v_part ->> 'method'));
    if jsonb_typeof(v_part -> 'method') is distinct from 'string'
       or v_method not in ('CASH', 'CARD', 'TRANSFER', 'QR', 'CREDIT') then
      perform private.raise('VALIDATION_ERROR',
        format('Payment %s: method must be CASH, CARD, TRANSFER, QR or CREDIT (got %s).', v_n,
               coalesce(v_part ->> 'method', 'nothing')),
        jsonb_build_object('field', 'method', 'payment', v_n));
    end if;
    v_amount := private.number_from_json(v_part -> 'amount');
    if not coalesce(private.is_money(v_amount) and v_amount > 0, false) then
      perform private.raise('INVALID_PRICE',
        format('Payment %s: amount must be above 0, up to 9,999,999,999.99, with at most 2 decimals (got %s).', v_n,
               coalesce(v_part ->> 'amount', 'nothing')),
        jsonb_build_object('field', 'amount', 'payment', v_n));
    end if;
    v_tendered := null;
    if v_part ? 'tendered' and jsonb_typeof(v_part -> 'tendered') <> 'null' then
      if v_method <> 'CASH' then
        perform private.raise('VALIDATION_ERROR',
          format('Payment %s: only cash is tendered (this part is %s).', v_n, v_method),
          jsonb_build_object('field', 'tendered', 'payment', v_n));
      end if;
      v_tendered := private.number_from_json(v_part -> 'tendered');
      if not coalesce(private.is_money(v_tendered), false) then
        perform private.raise('INVALID_PRICE',
          format('Payment %s: tendered must be an amount with at most 2 decimals (got %s).', v_n, v_part ->> 'tendered'),
          jsonb_build_object('field', 'tendered', 'payment', v_n));
      end if;
      if v_tendered < v_amount then
        perform private.raise('VALIDATION_ERROR',
          format('Payment %s: %s tendered is less than the %s it pays.', v_n, v_tendered, v_amount),
          jsonb_build_object('field', 'tendered', 'payment', v_n));
      end if;
    end if;
    v_reference := null;
    if v_part ? 'reference' and jsonb_typeof(v_part -> 'reference') <> 'null' then
      if jsonb_typeof(v_part -> 'reference') <> 'string' then
        perform private.raise('VALIDATION_ERROR', format('Payment %s: reference must be text.', v_n),
          jsonb_build_object('field', 'reference', 'payment', v_n));
      end if;
      v_reference := private.optional_text(v_part ->> 'reference', 'reference', 100);
    end if;
    v_parts := v_parts || row(v_n, v_method::public.payment_method, v_amount, v_tendered, v_reference)::private.sale_payment;
  end loop;
  return v_parts;
end;
$$;
comment on function private.sale_payment_parts(jsonb, text) is
  'Parses a sale''s payments (1 to 10 {method, amount > 0, tendered? (cash, at least the amount), reference?}), or, without them, one part of payment_method for the whole total; raises the error of the first bad part.';
revoke execute on function private.sale_payment_parts(jsonb, text) from public;

-- =============================================================================
-- The sale as the API returns it: with its payments and its customer
-- =============================================================================
create function private.sale_payment_json(payment public.sale_payments) returns jsonb
language plpgsql
immutable
parallel safe
security invoker
set search_path = ''
as $$
begin
  return jsonb_build_object('method', payment.method, 'amount', payment.amount, 'tendered', payment.tendered,
                            'change', payment.change, 'reference', payment.reference);
end;
$$;
comment on function private.sale_payment_json(public.sale_payments) is 'A part of a sale''s payment as the API returns it.';
revoke execute on function private.sale_payment_json(public.sale_payments) from public;

drop function private.sale_document(public.sales, jsonb);
create function private.sale_document(sale public.sales, items jsonb, payments jsonb, customer jsonb) returns jsonb
language plpgsql
immutable
parallel safe
security invoker
set search_path = ''
as $$
begin
  return to_jsonb(sale) - 'request_hash' - 'idempotency_key' - 'sale_year' - 'sale_sequence'
         || jsonb_build_object('items', coalesce(items, '[]'::jsonb), 'payments', coalesce(payments, '[]'::jsonb),
                               'customer', customer);
end;
$$;
comment on function private.sale_document(public.sales, jsonb, jsonb, jsonb) is
  'A sale as the API returns it: its sales columns (without the numbering and idempotency internals), its items (private.sale_item_json) in line order, its payments (private.sale_payment_json) in order, and its customer (private.sale_customer_json) or null.';
revoke execute on function private.sale_document(public.sales, jsonb, jsonb, jsonb) from public;

create function private.sale_customer_json(customer public.customers) returns jsonb
language plpgsql
immutable
parallel safe
security invoker
set search_path = ''
as $$
begin
  if customer.id is null then
    return null;
  end if;
  return jsonb_build_object('id', customer.id, 'name', customer.name, 'document_type', customer.document_type,
                            'document_number', customer.document_number);
end;
$$;
comment on function private.sale_customer_json(public.customers) is
  'The customer of a sale as its receipt names them (id, name, document), or null.';
revoke execute on function private.sale_customer_json(public.customers) from public;

create or replace function private.sale_json(sale public.sales) returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_with_cost boolean := private.has_role('manager');
begin
  return private.sale_document(sale,
    (select jsonb_agg(private.sale_item_json(i, p.sku, p.name, v_with_cost) order by i.line_number)
       from public.sale_items i
       join public.products p on p.id = i.product_id
      where i.sale_id = sale.id),
    (select jsonb_agg(private.sale_payment_json(sp) order by sp.position)
       from public.sale_payments sp where sp.sale_id = sale.id),
    (select private.sale_customer_json(c) from public.customers c where c.id = sale.customer_id));
end;
$$;
comment on function private.sale_json(public.sales) is
  'A stored sale as the API returns it, its items (their cost for managers only), payments and customer read back. Runs inside the sale RPCs.';

-- What a retry with the same idempotency key must match. A sale sent the old
-- way (no customer, paid whole by one method) keeps the fingerprint it had,
-- so a retry across this migration still finds its sale.
drop function private.sale_fingerprint(private.sale_line[], numeric, numeric, public.payment_method, text);
create function private.sale_fingerprint(
  lines private.sale_line[],
  discount numeric,
  tax_rate numeric,
  parts private.sale_payment[],
  notes text,
  customer_id uuid,
  override_credit_limit boolean
) returns text
language plpgsql
immutable
security invoker
set search_path = ''
as $$
declare
  v_request text := jsonb_build_array(
    (select jsonb_agg(jsonb_build_array(l.product_id, l.quantity, round(l.unit_price, 2), round(l.discount, 2))
                      order by l.line_number)
       from unnest(lines) l),
    discount, tax_rate, parts[1].method, notes)::text;
begin
  if cardinality(parts) = 1 and parts[1].amount is null and customer_id is null
     and not coalesce(override_credit_limit, false) then
    return md5(v_request);
  end if;
  return md5(v_request || jsonb_build_array(
    (select jsonb_agg(jsonb_build_array(p.method, p.amount, p.tendered, p.reference) order by p.position)
       from unnest(parts) p),
    customer_id, coalesce(override_credit_limit, false))::text);
end;
$$;
comment on function private.sale_fingerprint(private.sale_line[], numeric, numeric, private.sale_payment[], text, uuid,
                                             boolean) is
  'The fingerprint of a checked sale request: its lines, discount, the tax rate as sent, payments, notes, customer and credit override.';
revoke execute on function private.sale_fingerprint(private.sale_line[], numeric, numeric, private.sale_payment[], text,
                                                    uuid, boolean) from public;

-- sale_request no longer owns the payment method (private.sale_payment_parts does).
drop function private.sale_request(jsonb, numeric, numeric, text, text);
create function private.sale_request(
  items jsonb,
  discount numeric,
  tax_rate numeric,
  notes text,
  out lines private.sale_line[],
  out discount_amount numeric,
  out tax_percent numeric,
  out clean_notes text
)
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  lines := private.resolve_sale_lines(private.sale_lines(items));
  discount_amount := coalesce(discount, 0);
  if discount_amount < 0 or discount_amount <> round(discount_amount, 2) then
    perform private.raise('INVALID_PRICE',
      format('discount must be an amount >= 0 with at most 2 decimals (got %s).', discount_amount),
      '{"field": "discount"}');
  end if;
  tax_percent := coalesce(tax_rate, (select st.default_tax_rate from public.store_settings st));
  if tax_percent < 0 or tax_percent > 100 or tax_percent <> round(tax_percent, 2) then
    perform private.raise('VALIDATION_ERROR',
      format('tax_rate is a percentage from 0 to 100 with at most 2 decimals (got %s).', tax_percent),
      '{"field": "tax_rate"}');
  end if;
  clean_notes := private.optional_text(notes, 'notes', 500);
end;
$$;
comment on function private.sale_request(jsonb, numeric, numeric, text) is
  'Checks a sale request before anything is read or locked: its lines (private.sale_lines, resolved), discount, tax rate (the store default when null) and notes; returns them cleaned. The payments are private.sale_payment_parts''.';
revoke execute on function private.sale_request(jsonb, numeric, numeric, text) from public;

-- =============================================================================
-- create_sale: paid several ways, part on a customer's account
-- =============================================================================
drop function public.create_sale(jsonb, numeric, numeric, text, text, text);
create function public.create_sale(
  items jsonb,
  discount numeric default 0,
  tax_rate numeric default null,
  payment_method text default 'CASH',
  notes text default null,
  idempotency_key text default null,
  customer_id uuid default null,
  payments jsonb default null,
  override_credit_limit boolean default false
) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
-- A sale never waits long behind a stuck transaction: a product or customer
-- locked for 2 s is refused (55P03), and nothing is written.
set lock_timeout = '2s'
as $$
declare
  v_user uuid := (select auth.uid());
  v_existing public.sales;
  v_request record;
  v_parts private.sale_payment[];
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
  v_total numeric;
  v_paid numeric;
  v_credit numeric;
  v_method public.payment_method;
  v_customer public.customers;
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
        v_request := private.sale_request(items, discount, tax_rate, notes);
        v_parts := private.sale_payment_parts(payments, payment_method);
        v_fingerprint := private.sale_fingerprint(v_request.lines, v_request.discount_amount, tax_rate, v_parts,
                                                  v_request.clean_notes, customer_id, override_credit_limit);
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
  v_request := private.sale_request(items, discount, tax_rate, notes);
  v_parts := private.sale_payment_parts(payments, payment_method);
  v_discount := v_request.discount_amount;
  if idempotency_key is not null then
    v_fingerprint := private.sale_fingerprint(v_request.lines, v_discount, tax_rate, v_parts, v_request.clean_notes,
                                              customer_id, override_credit_limit);
  end if;
  if exists (select from unnest(v_parts) p where p.method = 'CREDIT') and customer_id is null then
    perform private.raise('CUSTOMER_REQUIRED', 'A sale on credit needs the customer whose account it goes on.',
      '{"field": "customer_id"}');
  end if;
  if coalesce(override_credit_limit, false) then
    v_is_manager := coalesce(v_is_manager, private.has_role('manager'));
    if not v_is_manager then
      perform private.raise('FORBIDDEN', 'Only a manager may sell past a customer''s credit limit.',
        '{"field": "override_credit_limit"}');
    end if;
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
  v_total := v_subtotal - v_discount + v_tax;
  -- Every amount is numeric(12, 2): refuse a sale too large to record instead of failing on the insert.
  if v_subtotal > 9999999999.99 or v_total > 9999999999.99 then
    perform private.raise('INVALID_PRICE',
      format('The sale amounts to %s (subtotal %s): at most 9,999,999,999.99 fits in one sale.', v_total, v_subtotal),
      jsonb_build_object('field', 'total', 'subtotal', v_subtotal, 'tax', v_tax));
  end if;

  -- ---- the payments: exactly the total, the credit part within the customer's limit
  if v_parts[1].amount is null then
    v_parts[1].amount := v_total;
  end if;
  select sum(p.amount), coalesce(sum(p.amount) filter (where p.method = 'CREDIT'), 0),
         case when count(distinct p.method) = 1 then min(p.method::text)::public.payment_method else 'MIXED' end
    into v_paid, v_credit, v_method
    from unnest(v_parts) p;
  if v_paid <> v_total then
    perform private.raise('PAYMENT_MISMATCH',
      format('The payments add up to %s; the sale''s total is %s.', v_paid, v_total),
      jsonb_build_object('field', 'payments', 'paid', v_paid, 'total', v_total));
  end if;
  if customer_id is not null then
    -- after the products, so every path locks products before customers
    v_customer := private.lock_customer(customer_id, must_be_active => true);
    if v_credit > 0 and v_customer.balance + v_credit > v_customer.credit_limit
       and not coalesce(override_credit_limit, false) then
      perform private.raise('CREDIT_LIMIT_EXCEEDED',
        format('%s owes %s of a credit limit of %s: %s more on credit is over the limit by %s.', v_customer.name,
               v_customer.balance, v_customer.credit_limit, v_credit,
               v_customer.balance + v_credit - v_customer.credit_limit),
        jsonb_build_object('customer_id', v_customer.id, 'balance', v_customer.balance,
                           'credit_limit', v_customer.credit_limit, 'requested', v_credit,
                           'available', greatest(v_customer.credit_limit - v_customer.balance, 0)));
    end if;
  end if;

  -- ---- write: stock, ledger (one SALE exit per line, in line order), number, sale, items, payments, account
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

  -- The sale, its items, its payments and the answer in one statement (the
  -- foreign keys to the sale are checked at its end, when the sale row
  -- exists), shaped by the same helpers as a sale read back.
  v_is_manager := coalesce(v_is_manager, private.has_role('manager'));
  with sale as (
    insert into public.sales
      (id, sale_number, sale_year, sale_sequence, sale_date, subtotal, line_discount, discount, tax_rate, tax, total,
       payment_method, customer_id, notes, idempotency_key, request_hash, created_at, created_by)
    values
      (v_sale_id, format('V-%s-%s', v_year, lpad(v_sequence::text, greatest(6, char_length(v_sequence::text)), '0')),
       v_year, v_sequence, v_now, v_subtotal, v_line_discount, v_discount, v_request.tax_percent, v_tax, v_total,
       v_method, v_customer.id, v_request.clean_notes, idempotency_key, v_fingerprint, v_now, v_user)
    returning *
  ),
  written as (
    insert into public.sale_items
      (sale_id, line_number, product_id, quantity, unit_price, list_price, cost_price, discount, subtotal)
    select v_sale_id, l.line_number, l.product_id, l.quantity, l.unit_price, l.list_price, l.cost_price, l.discount,
           l.subtotal
      from unnest(v_priced) l
    returning *
  ),
  paid as (
    insert into public.sale_payments (sale_id, position, method, amount, tendered, change, reference, created_at)
    select v_sale_id, p.position, p.method, p.amount, p.tendered, p.tendered - p.amount, p.reference, v_now
      from unnest(v_parts) p
    returning *
  )
  select private.sale_document(s::public.sales,
           (select jsonb_agg(private.sale_item_json(i::public.sale_items, l.sku, l.name, v_is_manager)
                             order by i.line_number)
              from written i
              join unnest(v_priced) l on l.line_number = i.line_number),
           (select jsonb_agg(private.sale_payment_json(p::public.sale_payments) order by p.position) from paid p),
           private.sale_customer_json(v_customer))
    into v_sale
    from sale s;

  if v_credit > 0 then
    perform private.move_account(v_customer, 'CHARGE', v_credit, v_sale_id,
                                 reference => (v_sale ->> 'sale_number'));
  end if;
  return v_sale;
end;
$$;
comment on function public.create_sale(jsonb, numeric, numeric, text, text, text, uuid, jsonb, boolean) is
  'Sells items [{product_id or sku, quantity, unit_price?, discount?}] atomically: checks every line, locks the products by id (waiting at most 2 s), writes the sale, its items, its payments and one EXIT/SALE movement per line, computes every amount (half-up to cents). unit_price defaults to the list price, tax_rate to the store''s; another price or rate, or a discount above store_settings.max_staff_discount_percent, needs a manager. Paid whole by payment_method, or by payments [{method, amount, tendered?, reference?}] adding up exactly to the total (PAYMENT_MISMATCH); a CREDIT part needs an active customer_id and is charged to their account within their credit limit (CREDIT_LIMIT_EXCEEDED; override_credit_limit is a manager''s). The same idempotency_key from the same user returns the first sale. Staff and above. Returns the sale with its items (their cost for managers only), payments and customer.';
revoke execute on function public.create_sale(jsonb, numeric, numeric, text, text, text, uuid, jsonb, boolean)
  from public, anon;
grant execute on function public.create_sale(jsonb, numeric, numeric, text, text, text, uuid, jsonb, boolean)
  to authenticated, service_role;

-- =============================================================================
-- cancel_sale: a credit sale comes off the customer's account
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
  v_charged numeric;
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

  -- What the sale put on the customer's account comes off it, exactly (the
  -- customer is locked after the products, as create_sale locks them). What
  -- they had already paid of it stays paid: their balance may go below zero,
  -- money the store owes them, never cash handed out here.
  select sum(m.amount) into v_charged
    from public.customer_account_movements m
   where m.sale_id = v_sale.id and m.movement_type = 'CHARGE';
  if v_charged > 0 then
    perform private.move_account(private.lock_customer(v_sale.customer_id), 'SALE_CANCELLATION', -v_charged, v_sale.id,
                                 reference => v_sale.sale_number, notes => v_reason);
  end if;

  update public.sales s
     set status = 'CANCELLED', cancelled_at = now(), cancelled_by = v_user, cancellation_reason = v_reason
   where s.id = v_sale.id
  returning s.* into v_sale;
  return private.sale_json(v_sale);
end;
$$;

comment on function public.cancel_sale(uuid, text) is
  'Cancels a completed sale: marks it CANCELLED, gives back exactly the stock each line took (ENTRY / SALE_CANCELLATION movements) and takes back exactly what it charged to the customer''s account (a SALE_CANCELLATION account movement). SALE_NOT_FOUND, SALE_ALREADY_CANCELLED. Managers and admins.';

-- =============================================================================
-- daily_sales_summary: payments by method from sale_payments, and collections
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
    -- Each part of a sale under its own method: a sale paid in cash and QR
    -- counts under both, with each part's amount (cash received, never the
    -- amount tendered); CREDIT is what went on customers' accounts.
    'by_payment_method', coalesce((
      select jsonb_agg(jsonb_build_object('payment_method', d.method, 'sales_count', d.count, 'total', d.total)
                       order by d.method)
        from (select sp.method, count(distinct sp.sale_id) as count, sum(sp.amount) as total
                from done
                join public.sale_payments sp on sp.sale_id = done.id
               group by sp.method) d
    ), '[]'::jsonb),
    -- Money received on customers' accounts that day, by method.
    'collections', (
      select jsonb_build_object(
               'payments_count', coalesce(sum(m.count), 0), 'total', coalesce(-sum(m.amount), 0),
               'by_payment_method', coalesce(jsonb_agg(jsonb_build_object(
                   'payment_method', m.payment_method, 'payments_count', m.count, 'total', -m.amount)
                   order by m.payment_method), '[]'::jsonb))
        from (select m.payment_method, count(*) as count, sum(m.amount) as amount
                from public.customer_account_movements m
               where m.movement_type = 'PAYMENT' and m.created_at >= v_from and m.created_at < v_to
               group by m.payment_method) m
    ),
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
  'Figures of one calendar day in the store time zone (today when null), over completed sales: counts, items, gross sales (before any discount), line and sale discounts and their sum, subtotal (after line discounts), tax, total, average ticket, gross profit (net of every discount and tax, at cost at sale time; managers only, null for others), by payment method (each part of a sale under its method, from sale_payments; CREDIT is what went on account), the day''s collections (payments received on customers'' accounts, by method), top 10 products by quantity and by revenue (line subtotals), and 24 hourly buckets. Viewers and above.';
