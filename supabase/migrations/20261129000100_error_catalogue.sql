-- One place for each rule the earlier migrations repeated. A coded error is
-- raised by naming its code: private.raise looks the HTTP status up in
-- private.error_codes (the catalogue of supabase/functions/_shared/error-codes.ts
-- and docs/error_codes.md, kept equal by a test), so no function writes a
-- status again. Required and optional text are cleaned by one definition of
-- an invisible character, shared with the Edge Functions' zod schemas. The
-- helpers and triggers that raised errors by hand are redefined on top.

-- =============================================================================
-- The error catalogue
-- =============================================================================
create table private.error_codes (
  code text primary key constraint error_codes_code_format check (code ~ '^[A-Z][A-Z0-9_]*$'),
  status smallint not null constraint error_codes_status_range check (status between 400 and 599),
  meaning text not null
);
comment on table private.error_codes is
  'Every error code the API answers with, its HTTP status and what it means. The same list as supabase/functions/_shared/error-codes.ts (a test keeps them equal).';
revoke all on table private.error_codes from public;

insert into private.error_codes (code, status, meaning) values
  ('VALIDATION_ERROR', 400, 'The input is malformed or a field is invalid; details name each field.'),
  ('INVALID_JSON', 400, 'The request body is not valid JSON.'),
  ('INVALID_QUANTITY', 400, 'A quantity is not a whole number from 1 to 1,000,000 (a count: 0 to 1,000,000).'),
  ('INVALID_REASON', 400, 'The movement reason is not one the operation accepts.'),
  ('INVALID_PRICE', 400, 'A price or amount is negative, has more than 2 decimals or is too large.'),
  ('EMPTY_SALE', 400, 'A sale needs at least one line.'),
  ('DUPLICATE_SALE_LINE', 400, 'The same product appears on two lines of one sale.'),
  ('DISCOUNT_EXCEEDS_AMOUNT', 400, 'A discount is larger than the amount it applies to.'),
  ('UNAUTHORIZED', 401, 'No valid access token: missing, malformed, expired or wrongly signed.'),
  ('FORBIDDEN', 403, 'The caller''s role may not do this.'),
  ('PRICE_OVERRIDE_FORBIDDEN', 403, 'Only a manager or admin may sell at a price other than the list price.'),
  ('CANNOT_CHANGE_OWN_ROLE', 403, 'Nobody can grant, change or remove their own role.'),
  ('NOT_FOUND', 404, 'No such route.'),
  ('PRODUCT_NOT_FOUND', 404, 'No product has that id, SKU or barcode.'),
  ('SALE_NOT_FOUND', 404, 'No sale has that id.'),
  ('METHOD_NOT_ALLOWED', 405, 'The route exists but not for this HTTP method.'),
  ('DUPLICATE_SKU', 409, 'Another product already has this SKU.'),
  ('DUPLICATE_BARCODE', 409, 'Another product already has this barcode.'),
  ('DUPLICATE_CATEGORY', 409, 'Another category already has this name.'),
  ('CATEGORY_IN_USE', 409, 'The category still has products; move or delete them first.'),
  ('PRODUCT_HAS_HISTORY', 409, 'The product has movements or sales; deactivate it instead of deleting it.'),
  ('PRODUCT_INACTIVE', 409, 'The product is deactivated and cannot be moved or sold.'),
  ('INSUFFICIENT_STOCK', 409, 'Not enough stock for the quantity asked; details say how much there is.'),
  ('STOCK_CHANGED', 409, 'The stock changed since it was counted; count again.'),
  ('SALE_ALREADY_CANCELLED', 409, 'The sale was already cancelled.'),
  ('IDEMPOTENCY_KEY_REUSED', 409, 'The idempotency key was already used for a different sale.'),
  ('CONFLICT', 409, 'The write conflicts with existing data (a unique or foreign key).'),
  ('PAYLOAD_TOO_LARGE', 413, 'The request body is larger than the limit.'),
  ('UNSUPPORTED_MEDIA_TYPE', 415, 'The request body must be application/json.'),
  ('INTERNAL_ERROR', 500, 'Something failed on our side; the request id finds it in the logs.'),
  ('SERVICE_UNAVAILABLE', 503, 'The database could not be reached or the request was cancelled; retry.');

-- Security definer: it reads the catalogue, which no API role reads, for
-- whichever function raises (security invoker ones included).
create function private.raise(code text, detail text default null, context jsonb default null) returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_error private.error_codes;
begin
  select e.* into v_error from private.error_codes e where e.code = raise.code;
  if not found then
    -- A bug, not the caller's fault: every code a function raises is catalogued.
    raise exception 'private.raise: % is not in private.error_codes', code using errcode = 'XX000';
  end if;
  if context is null then
    raise exception using errcode = 'PT' || v_error.status, message = v_error.code,
      detail = coalesce(detail, v_error.meaning);
  end if;
  raise exception using errcode = 'PT' || v_error.status, message = v_error.code,
    detail = coalesce(detail, v_error.meaning), hint = context::text;
end;
$$;
comment on function private.raise(text, text, jsonb) is
  'Raises a catalogued error: SQLSTATE PT<status> (PostgREST answers that HTTP status), message = the code, detail = a sentence for a person, hint = the JSON context.';
revoke execute on function private.raise(text, text, jsonb) from public;
grant execute on function private.raise(text, text, jsonb) to authenticated, service_role;

create function private.raise_on_line(code text, line integer, detail text, context jsonb default '{}')
returns void
language sql
stable
security invoker
set search_path = ''
as $$
  select private.raise(code, format('Line %s: %s', line, detail), jsonb_build_object('line', line) || context)
$$;
comment on function private.raise_on_line(text, integer, text, jsonb) is
  'Raises a catalogued error that names the offending line (1-based) of a document in its detail and hint.';
revoke execute on function private.raise_on_line(text, integer, text, jsonb) from public;
grant execute on function private.raise_on_line(text, integer, text, jsonb) to authenticated, service_role;

-- =============================================================================
-- Text: one definition of an invisible character
-- =============================================================================
-- White space of every kind (NBSP, ideographic space…), control characters,
-- and the format characters that print nothing (zero-width spaces and joiners,
-- direction marks, the BOM, soft hyphen, variation selectors, Hangul fillers).
-- The Edge Functions' `INVISIBLE` in _shared/text.ts is the same class; a test
-- compares the two over every character of the Basic Multilingual Plane.
create function private.invisible_characters() returns text
language sql
immutable
parallel safe
security invoker
set search_path = ''
as $$
  select '[\u0001-\u0020\u007F-\u00A0\u00AD\u034F\u061C\u115F\u1160\u1680\u17B4\u17B5\u180B-\u180F\u2000-\u200F\u2028-\u202F\u205F-\u206F\u3000\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF9-\uFFFB]'
$$;
comment on function private.invisible_characters() is
  'The regular-expression class of characters that print nothing: white space, controls and invisible format characters.';
revoke execute on function private.invisible_characters() from public;
grant execute on function private.invisible_characters() to authenticated, service_role;

create function private.trim_text(value text) returns text
language plpgsql
immutable
parallel safe
security invoker
set search_path = ''
as $$
begin
  return nullif(regexp_replace(value, format('^%1$s+|%1$s+$', private.invisible_characters()), '', 'g'), '');
end;
$$;
comment on function private.trim_text(text) is
  'The text without invisible characters at either end; null when nothing visible is left.';
revoke execute on function private.trim_text(text) from public;
grant execute on function private.trim_text(text) to authenticated, service_role;

create function private.optional_text(value text, field text, max_length integer) returns text
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_text text := private.trim_text(value);
begin
  if char_length(v_text) > max_length then
    perform private.raise('VALIDATION_ERROR', format('%s must be at most %s characters.', field, max_length),
      jsonb_build_object('field', field));
  end if;
  return v_text;
end;
$$;
comment on function private.optional_text(text, text, integer) is
  'Optional free text: trimmed of invisible characters, null when nothing visible is left, VALIDATION_ERROR when longer than max_length.';
revoke execute on function private.optional_text(text, text, integer) from public;
grant execute on function private.optional_text(text, text, integer) to authenticated, service_role;

create function private.required_text(value text, field text, max_length integer) returns text
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_text text := private.trim_text(value);
begin
  if v_text is null or char_length(v_text) > max_length then
    perform private.raise('VALIDATION_ERROR',
      format('%s is required: 1 to %s characters, at least one of them visible.', field, max_length),
      jsonb_build_object('field', field));
  end if;
  return v_text;
end;
$$;
comment on function private.required_text(text, text, integer) is
  'Required text: trimmed of invisible characters; VALIDATION_ERROR when nothing visible is left or it is longer than max_length.';
revoke execute on function private.required_text(text, text, integer) from public;
grant execute on function private.required_text(text, text, integer) to authenticated, service_role;

-- =============================================================================
-- Quantities and amounts: one check each
-- =============================================================================
-- The rule of each kind of value, as a predicate, and the check that raises
-- its error. (The small helpers are plpgsql, not SQL: a SQL function with a
-- fixed search_path is planned again on every call.)
create function private.is_quantity(value numeric, minimum integer default 1) returns boolean
language plpgsql
immutable
parallel safe
security invoker
set search_path = ''
as $$
begin
  return coalesce(value = trunc(value) and value >= minimum and value <= 1000000, false);
end;
$$;
comment on function private.is_quantity(numeric, integer) is 'True for a whole number from minimum to 1,000,000.';
revoke execute on function private.is_quantity(numeric, integer) from public;

create function private.is_money(value numeric) returns boolean
language plpgsql
immutable
parallel safe
security invoker
set search_path = ''
as $$
begin
  return coalesce(value >= 0 and value <= 9999999999.99 and value = round(value, 2), false);
end;
$$;
comment on function private.is_money(numeric) is 'True for an amount from 0 to 9,999,999,999.99 with at most 2 decimals (what numeric(12, 2) holds exactly).';
revoke execute on function private.is_money(numeric) from public;

create function private.number_from_json(value jsonb) returns numeric
language plpgsql
immutable
parallel safe
security invoker
set search_path = ''
as $$
begin
  return case when jsonb_typeof(value) = 'number' then (value #>> '{}')::numeric end;
end;
$$;
comment on function private.number_from_json(jsonb) is 'The JSON value as a number when it is a JSON number, else null.';
revoke execute on function private.number_from_json(jsonb) from public;

drop function private.check_quantity(integer, integer, text);
create function private.check_quantity(
  quantity numeric,
  minimum integer default 1,
  label text default 'quantity',
  line integer default null
) returns integer
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  if not private.is_quantity(quantity, minimum) then
    perform private.raise('INVALID_QUANTITY',
      format('%s%s must be a whole number from %s to 1,000,000 (got %s).',
             case when line is null then '' else format('Line %s: ', line) end, label, minimum,
             coalesce(quantity::text, 'no number')),
      jsonb_build_object('field', label, 'value', quantity)
        || case when line is null then '{}'::jsonb else jsonb_build_object('line', line) end);
  end if;
  return quantity::integer;
end;
$$;
comment on function private.check_quantity(numeric, integer, text, integer) is
  'Returns the quantity as an integer, or raises INVALID_QUANTITY (naming the field, and the line when given) unless private.is_quantity.';
revoke execute on function private.check_quantity(numeric, integer, text, integer) from public;

create or replace function private.money_from_json(value jsonb, field text, line integer default null) returns numeric
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_amount numeric := private.number_from_json(value);
begin
  if value is null or jsonb_typeof(value) = 'null' then
    return null;
  end if;
  if not private.is_money(v_amount) then
    perform private.raise('INVALID_PRICE',
      format('%s%s must be a number from 0 to 9,999,999,999.99 with at most 2 decimals (got %s).',
             case when line is null then '' else format('Line %s: ', line) end, field, value),
      jsonb_build_object('line', line, 'field', field));
  end if;
  return v_amount;
end;
$$;
comment on function private.money_from_json(jsonb, text, integer) is
  'Reads an optional money amount from JSON (null when absent or null), or raises INVALID_PRICE naming the field and line unless private.is_money.';

-- =============================================================================
-- Roles
-- =============================================================================
-- The same answer as before, in plpgsql: a SQL function with a fixed
-- search_path is planned again on every call, and every RPC and policy asks.
create or replace function private.has_role(minimum public.app_role) returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if (select auth.role()) = 'service_role' then
    return true;
  end if;
  return coalesce(
    (select ur.role >= minimum from public.user_roles ur where ur.user_id = (select auth.uid())),
    false);
end;
$$;

create or replace function private.require_role(minimum public.app_role, action text) returns void
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  if not private.has_role(minimum) then
    perform private.raise('FORBIDDEN', format('Only %s or above may %s.', minimum, action),
      jsonb_build_object('required_role', minimum));
  end if;
end;
$$;

create or replace function private.user_roles_guard() returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if (case when tg_op = 'DELETE' then old.user_id else new.user_id end) = (select auth.uid())
     or (tg_op = 'UPDATE' and old.user_id = (select auth.uid())) then
    perform private.raise('CANNOT_CHANGE_OWN_ROLE',
      'Nobody can grant, change or remove their own role; ask another admin.');
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  new.granted_by := (select auth.uid());
  return new;
end;
$$;

-- =============================================================================
-- Catalog and ledger guards
-- =============================================================================
create or replace function private.categories_refuse_delete_in_use() returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
declare
  v_count bigint;
begin
  select count(*) into v_count from public.products p where p.category_id = old.id;
  if v_count > 0 then
    perform private.raise('CATEGORY_IN_USE',
      format('The category "%s" still has %s product(s); move or delete them first.', old.name, v_count),
      jsonb_build_object('category_id', old.id, 'products', v_count));
  end if;
  return old;
end;
$$;

-- Security definer, as the other guards below: whoever the writer is (a role
-- with no access to the private schema included), the refusal is the coded one.
create or replace function private.refuse_ledger_change() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.raise('FORBIDDEN',
    'The stock ledger is append-only: movements are never updated or deleted; record a compensating movement instead.');
  return null;
end;
$$;

create or replace function private.products_refuse_delete_with_history() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (select from public.inventory_movements m where m.product_id = old.id) then
    perform private.raise('PRODUCT_HAS_HISTORY',
      format('The product %s has stock movements; deactivate it (is_active = false) instead of deleting it.', old.sku),
      jsonb_build_object('product_id', old.id));
  end if;
  return old;
end;
$$;

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
     or (new.id, new.sale_number, new.sale_year, new.sale_sequence, new.sale_date, new.subtotal, new.discount,
         new.tax_rate, new.tax, new.total, new.payment_method, new.notes, new.idempotency_key, new.request_hash,
         new.created_at, new.created_by)
        is distinct from
        (old.id, old.sale_number, old.sale_year, old.sale_sequence, old.sale_date, old.subtotal, old.discount,
         old.tax_rate, old.tax, old.total, old.payment_method, old.notes, old.idempotency_key, old.request_hash,
         old.created_at, old.created_by) then
    perform private.raise('FORBIDDEN',
      'Sales are history: they are never deleted or edited; cancel_sale is the only change allowed.');
  end if;
  return new;
end;
$$;

-- =============================================================================
-- Stock helpers and RPCs, on the shared checks
-- =============================================================================
drop function private.check_notes(text);

create or replace function private.check_reason(reason text, allowed text[]) returns text
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_reason text := upper(private.trim_text(reason));
begin
  if v_reason is null or not (v_reason = any (allowed)) then
    perform private.raise('INVALID_REASON',
      format('reason must be one of %s (got %s).', array_to_string(allowed, ', '), coalesce(reason, 'null')),
      jsonb_build_object('field', 'reason', 'allowed', allowed));
  end if;
  return v_reason;
end;
$$;

create or replace function private.lock_product(product_id uuid) returns public.products
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  v_product public.products;
begin
  select p.* into v_product from public.products p where p.id = lock_product.product_id for update;
  if not found then
    perform private.raise('PRODUCT_NOT_FOUND', format('No product has id %s.', coalesce(product_id::text, 'null')),
      jsonb_build_object('product_id', product_id));
  end if;
  if not v_product.is_active then
    perform private.raise('PRODUCT_INACTIVE', format('The product %s (%s) is deactivated.', v_product.sku, v_product.name),
      jsonb_build_object('product_id', v_product.id, 'sku', v_product.sku));
  end if;
  return v_product;
end;
$$;

-- notes arrive cleaned (private.optional_text) from the RPCs.
create or replace function private.move_stock(
  product public.products,
  movement_type public.movement_type,
  new_stock integer,
  reason text,
  notes text,
  reference_id uuid
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
    (product_id, movement_type, quantity, reason, reference_id, notes, previous_stock, new_stock, created_by)
  values
    (product.id, movement_type, abs(move_stock.new_stock - product.current_stock), reason, reference_id,
     notes, product.current_stock, move_stock.new_stock, (select auth.uid()))
  returning * into v_movement;
  return v_movement;
end;
$$;

create or replace function public.register_stock_entry(
  product_id uuid,
  quantity integer,
  reason text default 'PURCHASE',
  notes text default null,
  reference_id uuid default null
) returns public.inventory_movements
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_reason text;
  v_notes text;
  v_product public.products;
begin
  perform private.require_role('staff', 'register a stock entry');
  perform private.check_quantity(quantity);
  v_reason := private.check_reason(reason, array['PURCHASE', 'RETURN', 'INITIAL_STOCK', 'OTHER']);
  v_notes := private.optional_text(notes, 'notes', 500);
  v_product := private.lock_product(product_id);
  return private.move_stock(v_product, 'ENTRY', v_product.current_stock + quantity, v_reason, v_notes, reference_id);
end;
$$;

create or replace function public.register_stock_exit(
  product_id uuid,
  quantity integer,
  reason text default 'DAMAGE',
  notes text default null,
  reference_id uuid default null
) returns public.inventory_movements
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_reason text;
  v_notes text;
  v_product public.products;
begin
  perform private.require_role('manager', 'register a stock exit');
  perform private.check_quantity(quantity);
  v_reason := private.check_reason(reason, array['DAMAGE', 'LOSS', 'INTERNAL_USE', 'OTHER']);
  v_notes := private.optional_text(notes, 'notes', 500);
  v_product := private.lock_product(product_id);
  if v_product.current_stock < quantity then
    perform private.raise('INSUFFICIENT_STOCK',
      format('Only %s unit(s) of %s in stock; cannot take %s.', v_product.current_stock, v_product.sku, quantity),
      jsonb_build_object('product_id', v_product.id, 'sku', v_product.sku,
                         'requested', quantity, 'available', v_product.current_stock));
  end if;
  return private.move_stock(v_product, 'EXIT', v_product.current_stock - quantity, v_reason, v_notes, reference_id);
end;
$$;

create or replace function public.adjust_stock(
  product_id uuid,
  new_stock integer,
  reason text default 'COUNT_CORRECTION',
  notes text default null,
  expected_stock integer default null
) returns public.inventory_movements
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_reason text;
  v_notes text;
  v_product public.products;
begin
  perform private.require_role('manager', 'adjust stock');
  perform private.check_quantity(new_stock, 0, 'new_stock');
  v_reason := private.check_reason(reason, array['COUNT_CORRECTION', 'OTHER']);
  v_notes := private.optional_text(notes, 'notes', 500);
  v_product := private.lock_product(product_id);
  if expected_stock is not null and v_product.current_stock <> expected_stock then
    perform private.raise('STOCK_CHANGED',
      format('The stock of %s is %s, not the %s seen when counting: it changed meanwhile; count again.',
             v_product.sku, v_product.current_stock, expected_stock),
      jsonb_build_object('product_id', v_product.id, 'expected_stock', expected_stock,
                         'current_stock', v_product.current_stock));
  end if;
  return private.move_stock(v_product, 'ADJUSTMENT', new_stock, v_reason, v_notes, null);
end;
$$;
