-- A sale line is one type, parsed once. create_sale read its lines into ten
-- parallel arrays; now private.sale_lines parses the JSON lines (by product
-- id or by SKU, so every door sends the same lines and SQL alone resolves a
-- SKU) into private.sale_line values, and the same values carry each line
-- through pricing, the stock update, the ledger and the answer. The sale's
-- JSON shape is built by one pair of helpers, whether from rows just written
-- or read back; SALE_NOT_FOUND is raised in one place. The low-stock list
-- becomes an RPC like the other reports. The contract does not change.

-- =============================================================================
-- The sale line
-- =============================================================================
create type private.sale_line as (
  line_number integer,
  product_id uuid,
  sku text,
  quantity integer,
  -- as asked: null means the list price; once priced, the price charged
  unit_price numeric,
  discount numeric,
  -- filled when the product is locked
  list_price numeric,
  cost_price numeric,
  previous_stock integer,
  name text,
  subtotal numeric
);
comment on type private.sale_line is
  'One line of a sale: what the caller asked for (line_number, product_id or sku, quantity, unit_price, discount), then what the locked product says (list and cost price, stock before the sale, name) and the line subtotal.';

-- Parses and checks the lines as sent, without reading the database, line by
-- line in order: the first bad line is refused by the check that owns its rule.
create function private.sale_lines(items jsonb) returns private.sale_line[]
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_lines private.sale_line[];
  v_item jsonb;
  v_n integer := 0;
  v_id text;
  v_ids text[] := '{}';
  v_count integer;
begin
  if items is null or jsonb_typeof(items) <> 'array' then
    perform private.raise('VALIDATION_ERROR',
      'items must be an array of {product_id or sku, quantity, unit_price?, discount?}.', '{"field": "items"}');
  end if;
  v_count := jsonb_array_length(items);
  if v_count = 0 then
    perform private.raise('EMPTY_SALE', 'A sale needs at least one line.', '{"field": "items"}');
  end if;
  if v_count > 100 then
    perform private.raise('VALIDATION_ERROR', format('A sale has at most 100 lines (got %s).', v_count),
      '{"field": "items"}');
  end if;

  for v_item in select e.value from jsonb_array_elements(items) as e loop
    v_n := v_n + 1;
    if jsonb_typeof(v_item) <> 'object' then
      perform private.raise_on_line('VALIDATION_ERROR', v_n, 'each line must be an object.');
    end if;
    if v_item - array['product_id', 'sku', 'quantity', 'unit_price', 'discount'] <> '{}'::jsonb then
      perform private.raise_on_line('VALIDATION_ERROR', v_n,
        'only product_id or sku, quantity, unit_price and discount are allowed.');
    end if;
    v_id := null;
    if v_item ? 'sku' then
      if v_item ? 'product_id' then
        perform private.raise_on_line('VALIDATION_ERROR', v_n, 'give product_id or sku, not both.',
          '{"field": "product_id"}');
      end if;
      if jsonb_typeof(v_item -> 'sku') <> 'string' or (v_item ->> 'sku') !~ '^[A-Za-z0-9-]{1,50}$' then
        perform private.raise_on_line('VALIDATION_ERROR', v_n, 'sku must be letters, digits and -, at most 50.',
          '{"field": "sku"}');
      end if;
    else
      v_id := lower(v_item ->> 'product_id');
      if jsonb_typeof(v_item -> 'product_id') is distinct from 'string'
         or v_id !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
        perform private.raise_on_line('VALIDATION_ERROR', v_n, 'product_id must be a UUID.',
          '{"field": "product_id"}');
      end if;
    end if;
    perform private.check_quantity(private.number_from_json(v_item -> 'quantity'), 1, 'quantity', v_n);
    if v_id is not null then
      if v_id = any (v_ids) then
        perform private.raise_on_line('DUPLICATE_SALE_LINE', v_n,
          'this product is already on another line; sell it once with the total quantity.',
          jsonb_build_object('product_id', v_item ->> 'product_id'));
      end if;
      v_ids := v_ids || v_id;
    end if;
    if v_item ? 'unit_price' then
      perform private.money_from_json(v_item -> 'unit_price', 'unit_price', v_n);
    end if;
    if v_item ? 'discount' then
      perform private.money_from_json(v_item -> 'discount', 'discount', v_n);
    end if;
  end loop;

  -- Every line is valid: read them all at once.
  select array_agg(row(e.ordinality, (e.value ->> 'product_id')::uuid, e.value ->> 'sku',
                       (e.value ->> 'quantity')::numeric, (e.value ->> 'unit_price')::numeric,
                       coalesce((e.value ->> 'discount')::numeric, 0),
                       null, null, null, null, null)::private.sale_line order by e.ordinality)
    into v_lines
    from jsonb_array_elements(items) with ordinality as e;
  return v_lines;
end;
$$;
comment on function private.sale_lines(jsonb) is
  'Parses a sale''s items (1 to 100 lines of {product_id or sku, quantity, unit_price?, discount?}) into private.sale_line values, raising the error of the first bad line.';
revoke execute on function private.sale_lines(jsonb) from public;

-- Lines given by SKU get their product id; an unknown SKU and a product on
-- two lines are refused, naming the line. The caller's role is checked
-- before, so an unknown SKU tells nothing to someone who may not sell.
create function private.resolve_sale_lines(lines private.sale_line[]) returns private.sale_line[]
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_resolved private.sale_line[];
  v_bad record;
begin
  if not exists (select from unnest(lines) l where l.sku is not null) then
    return lines;
  end if;
  select l.line_number, l.sku into v_bad
    from unnest(lines) l
   where l.sku is not null and not exists (select from public.products p where p.sku = upper(l.sku))
   order by l.line_number
   limit 1;
  if found then
    perform private.raise_on_line('PRODUCT_NOT_FOUND', v_bad.line_number, format('no product has SKU %s.', v_bad.sku),
      jsonb_build_object('sku', v_bad.sku));
  end if;
  select array_agg(row(l.line_number, coalesce(l.product_id, p.id), l.sku, l.quantity, l.unit_price, l.discount,
                       null, null, null, null, null)::private.sale_line order by l.line_number)
    into v_resolved
    from unnest(lines) l
    left join public.products p on p.sku = upper(l.sku);
  select d.line_number, d.product_id, d.sku into v_bad
    from (select l.*, row_number() over (partition by l.product_id order by l.line_number) as place
            from unnest(v_resolved) l) d
   where d.place > 1
   order by d.line_number
   limit 1;
  if found then
    perform private.raise_on_line('DUPLICATE_SALE_LINE', v_bad.line_number,
      'this product is already on another line; sell it once with the total quantity.',
      jsonb_strip_nulls(jsonb_build_object('product_id', v_bad.product_id, 'sku', v_bad.sku)));
  end if;
  return v_resolved;
end;
$$;
comment on function private.resolve_sale_lines(private.sale_line[]) is
  'Gives every line sent by SKU its product id: PRODUCT_NOT_FOUND for an unknown SKU, DUPLICATE_SALE_LINE when a product ends up on two lines.';
revoke execute on function private.resolve_sale_lines(private.sale_line[]) from public;

-- =============================================================================
-- The sale as the API returns it: one shape, built in one place
-- =============================================================================
create function private.sale_item_json(item public.sale_items, sku text, name text) returns jsonb
language plpgsql
immutable
parallel safe
security invoker
set search_path = ''
as $$
begin
  return to_jsonb(item) || jsonb_build_object('product', jsonb_build_object('sku', sku, 'name', name));
end;
$$;
comment on function private.sale_item_json(public.sale_items, text, text) is
  'A sale line as the API returns it: its sale_items columns and its product''s sku and name.';
revoke execute on function private.sale_item_json(public.sale_items, text, text) from public;
grant execute on function private.sale_item_json(public.sale_items, text, text) to authenticated, service_role;

create function private.sale_document(sale public.sales, items jsonb) returns jsonb
language plpgsql
immutable
parallel safe
security invoker
set search_path = ''
as $$
begin
  return to_jsonb(sale) - 'request_hash' - 'sale_year' - 'sale_sequence'
         || jsonb_build_object('items', coalesce(items, '[]'::jsonb));
end;
$$;
comment on function private.sale_document(public.sales, jsonb) is
  'A sale as the API returns it: its sales columns (without the numbering and fingerprint internals) and its items, each built by private.sale_item_json, in line order.';
revoke execute on function private.sale_document(public.sales, jsonb) from public;
grant execute on function private.sale_document(public.sales, jsonb) to authenticated, service_role;

drop function private.sale_json(uuid);
create function private.sale_json(sale public.sales) returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  return private.sale_document(sale, (
    select jsonb_agg(private.sale_item_json(i, p.sku, p.name) order by i.line_number)
      from public.sale_items i
      join public.products p on p.id = i.product_id
     where i.sale_id = sale.id));
end;
$$;
comment on function private.sale_json(public.sales) is 'A stored sale as the API returns it, its items read back.';
revoke execute on function private.sale_json(public.sales) from public;
grant execute on function private.sale_json(public.sales) to authenticated, service_role;

create function private.find_sale(sale_id uuid, for_update boolean default false) returns public.sales
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  v_sale public.sales;
begin
  if for_update then
    select s.* into v_sale from public.sales s where s.id = find_sale.sale_id for update;
  else
    select s.* into v_sale from public.sales s where s.id = find_sale.sale_id;
  end if;
  if not found then
    perform private.raise('SALE_NOT_FOUND', format('No sale has id %s.', coalesce(sale_id::text, 'null')),
      jsonb_build_object('sale_id', sale_id));
  end if;
  return v_sale;
end;
$$;
comment on function private.find_sale(uuid, boolean) is 'The sale with this id (locked when for_update), or SALE_NOT_FOUND (404).';
revoke execute on function private.find_sale(uuid, boolean) from public;
grant execute on function private.find_sale(uuid, boolean) to authenticated, service_role;

-- =============================================================================
-- create_sale
-- =============================================================================
-- The request of a sale, checked: its lines parsed and resolved, its amounts,
-- payment method and notes.
create function private.sale_request(
  items jsonb,
  discount numeric,
  tax_rate numeric,
  payment_method text,
  notes text,
  out lines private.sale_line[],
  out discount_amount numeric,
  out tax_percent numeric,
  out payment public.payment_method,
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
  if payment_method is null or upper(btrim(payment_method)) not in ('CASH', 'CARD', 'TRANSFER', 'QR') then
    perform private.raise('VALIDATION_ERROR',
      format('payment_method must be CASH, CARD, TRANSFER or QR (got %s).', coalesce(payment_method, 'null')),
      '{"field": "payment_method"}');
  end if;
  payment := upper(btrim(payment_method))::public.payment_method;
  clean_notes := private.optional_text(notes, 'notes', 500);
end;
$$;
comment on function private.sale_request(jsonb, numeric, numeric, text, text) is
  'Checks a sale request before anything is read or locked: its lines (private.sale_lines, resolved), discount, tax rate (the store default when null), payment method and notes; returns them cleaned.';
revoke execute on function private.sale_request(jsonb, numeric, numeric, text, text) from public;

-- What a retry with the same idempotency key must match: the request as
-- parsed (a line by SKU or by id, 2 or 2.0, is the same request).
create function private.sale_fingerprint(
  lines private.sale_line[],
  discount numeric,
  tax_rate numeric,
  payment public.payment_method,
  notes text
) returns text
language plpgsql
immutable
security invoker
set search_path = ''
as $$
begin
  return md5(jsonb_build_array(
    (select jsonb_agg(jsonb_build_array(l.product_id, l.quantity, round(l.unit_price, 2), round(l.discount, 2))
                      order by l.line_number)
       from unnest(lines) l),
    discount, tax_rate, payment, notes)::text);
end;
$$;
comment on function private.sale_fingerprint(private.sale_line[], numeric, numeric, public.payment_method, text) is
  'The fingerprint of a checked sale request (its lines, discount, the tax rate as sent, payment method and notes).';
revoke execute on function private.sale_fingerprint(private.sale_line[], numeric, numeric, public.payment_method, text) from public;

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
as $$
declare
  v_user uuid := (select auth.uid());
  v_existing public.sales;
  v_request record;
  v_fingerprint text;
  v_priced private.sale_line[] := '{}';
  v_line private.sale_line;
  v_product record;
  v_gross numeric;
  v_subtotal numeric := 0;
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
      -- (A sale made before this migration carries the fingerprint of the request as sent.)
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
      -- the role is looked up once, and only when a price differs from the list price
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
    v_line.subtotal := round(v_gross - v_line.discount, 2);
    v_subtotal := v_subtotal + v_line.subtotal;
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

  v_year := extract(year from v_now at time zone (select st.timezone from public.store_settings st))::integer;
  insert into private.sale_number_counters as c (year, last_value) values (v_year, 1)
  on conflict (year) do update set last_value = c.last_value + 1
  returning c.last_value into v_sequence;

  -- The sale, its items and the answer in one statement (the items' foreign
  -- key is checked at its end, when the sale row exists), shaped by the same
  -- helpers as a sale read back, without reading back what was just written.
  with sale as (
    insert into public.sales
      (id, sale_number, sale_year, sale_sequence, sale_date, subtotal, discount, tax_rate, tax, total,
       payment_method, notes, idempotency_key, request_hash, created_at, created_by)
    values
      (v_sale_id, format('V-%s-%s', v_year, lpad(v_sequence::text, greatest(6, char_length(v_sequence::text)), '0')),
       v_year, v_sequence, v_now, v_subtotal, v_discount, v_request.tax_percent, v_tax, v_subtotal - v_discount + v_tax,
       v_request.payment, v_request.clean_notes, idempotency_key, v_fingerprint, v_now, v_user)
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
           select jsonb_agg(private.sale_item_json(i::public.sale_items, l.sku, l.name) order by i.line_number)
             from written i
             join unnest(v_priced) l on l.line_number = i.line_number))
    into v_sale
    from sale s;
  return v_sale;
end;
$$;
comment on function public.create_sale(jsonb, numeric, numeric, text, text, text) is
  'Sells items [{product_id or sku, quantity, unit_price?, discount?}] atomically: checks every line, locks the products by id, writes the sale, its items and one EXIT/SALE movement per line, computes every amount (half-up to cents). unit_price defaults to the list price; only managers may override it. The same idempotency_key from the same user returns the first sale. Staff and above. Returns the sale with its items.';

-- =============================================================================
-- cancel_sale, get_sale
-- =============================================================================
create or replace function public.cancel_sale(sale_id uuid, reason text) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_sale public.sales;
  v_user uuid := (select auth.uid());
  v_reason text;
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
   where s.id = v_sale.id
  returning s.* into v_sale;
  return private.sale_json(v_sale);
end;
$$;

create or replace function public.get_sale(sale_id uuid) returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  perform private.require_role('viewer', 'read sales');
  return private.sale_json(private.find_sale(sale_id));
end;
$$;

drop function private.raise_line_error(text, text, integer, text, jsonb);

-- =============================================================================
-- low_stock_report: the low-stock list as an RPC, like the other reports
-- =============================================================================
create function public.low_stock_report(result_limit integer default 200)
returns setof public.low_stock_products
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  -- The view is security invoker, so RLS would answer a caller without a
  -- store role with an empty list: say FORBIDDEN, as the other reports do.
  perform private.require_role('viewer', 'read reports');
  return query select * from public.low_stock_products limit least(greatest(coalesce(result_limit, 200), 1), 1000);
end;
$$;
comment on function public.low_stock_report(integer) is
  'The low_stock_products view (out-of-stock first), at most result_limit rows (1..1000, default 200). FORBIDDEN without a store role. Viewers and above.';
revoke execute on function public.low_stock_report(integer) from public, anon;
grant execute on function public.low_stock_report(integer) to authenticated, service_role;
