-- The catalog, the ledger and the day's sales as RPCs, for the store's REST
-- front end (served by the `api` Edge Function) and for any supabase-js
-- caller that wants the same answers.
--
-- Plain PostgREST CRUD stays what it was. Through it a caller without a role
-- reads an empty catalog, and an update by staff changes no row and says
-- nothing; the front end's contract wants FORBIDDEN (403) and
-- PRODUCT_NOT_FOUND (404) instead, and a product with its category and, for
-- managers, its cost in one call. Each function below checks the caller's
-- role first, raises coded errors, and otherwise leaves every rule where it
-- was: the catalog's constraints, its unique keys, and its delete triggers
-- (a category with products is CATEGORY_IN_USE; a product with movements is
-- PRODUCT_HAS_HISTORY, and delete_product deactivates it instead).

-- =============================================================================
-- Error codes
-- =============================================================================
insert into private.error_codes (code, status, meaning) values
  ('CATEGORY_NOT_FOUND', 404, 'No category has that id or name.');

-- =============================================================================
-- Shapes
-- =============================================================================
-- (plpgsql, not SQL: a SQL function with a fixed search_path is planned again
-- on every call.)
create function private.category_json(category public.categories) returns jsonb
language plpgsql
immutable
security invoker
set search_path = ''
as $$
begin
  if category.id is null then
    return null;
  end if;
  return jsonb_build_object('id', category.id, 'name', category.name, 'description', category.description,
                            'created_at', category.created_at, 'updated_at', category.updated_at);
end;
$$;
comment on function private.category_json(public.categories) is
  'A category as the RPCs return it (null for no category).';
revoke execute on function private.category_json(public.categories) from public;
grant execute on function private.category_json(public.categories) to authenticated, service_role;

create function private.product_json(product public.products, category public.categories, with_cost boolean)
returns jsonb
language plpgsql
immutable
security invoker
set search_path = ''
as $$
begin
  return jsonb_build_object(
    'id', product.id, 'sku', product.sku, 'barcode', product.barcode, 'name', product.name,
    'description', product.description, 'category_id', product.category_id,
    'unit_price', product.unit_price,
    'cost_price', case when with_cost then product.cost_price end,
    'current_stock', product.current_stock, 'min_stock_level', product.min_stock_level,
    'is_active', product.is_active, 'created_at', product.created_at, 'updated_at', product.updated_at,
    'category', case when category.id is null then null
                     else jsonb_build_object('id', category.id, 'name', category.name,
                                             'description', category.description) end);
end;
$$;
comment on function private.product_json(public.products, public.categories, boolean) is
  'A product as the RPCs return it, with its category {id, name, description} (or null) and its cost only when with_cost.';
revoke execute on function private.product_json(public.products, public.categories, boolean) from public;

create function private.product_document(product_id uuid) returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_result jsonb;
begin
  select private.product_json(p, c, private.has_role('manager')) into v_result
    from public.products p
    left join public.categories c on c.id = p.category_id
   where p.id = product_document.product_id;
  return v_result;
end;
$$;
comment on function private.product_document(uuid) is
  'The product as the RPCs return it to the caller: its cost for managers and admins, null for others.';
revoke execute on function private.product_document(uuid) from public;

-- =============================================================================
-- Values read from a JSON object of changes, and the catalog's constraints
-- named as the field they guard
-- =============================================================================
create function private.text_from_json(value jsonb, field text) returns text
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  if value is null or jsonb_typeof(value) = 'null' then
    return null;
  end if;
  if jsonb_typeof(value) <> 'string' then
    perform private.raise('VALIDATION_ERROR', format('%s must be text.', field), jsonb_build_object('field', field));
  end if;
  return value #>> '{}';
end;
$$;
comment on function private.text_from_json(jsonb, text) is
  'The JSON value as text (null when absent or null), or VALIDATION_ERROR naming the field unless it is a JSON string.';
revoke execute on function private.text_from_json(jsonb, text) from public;
grant execute on function private.text_from_json(jsonb, text) to authenticated, service_role;

create function private.uuid_from_json(value jsonb, field text) returns uuid
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_text text := private.text_from_json(value, field);
begin
  if v_text is null then
    return null;
  end if;
  if v_text !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    perform private.raise('VALIDATION_ERROR', format('%s must be an id (UUID).', field),
      jsonb_build_object('field', field));
  end if;
  return v_text::uuid;
end;
$$;
comment on function private.uuid_from_json(jsonb, text) is
  'The JSON value as a UUID (null when absent or null), or VALIDATION_ERROR naming the field.';
revoke execute on function private.uuid_from_json(jsonb, text) from public;

create function private.check_keys(changes jsonb, allowed text[], what text) returns void
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_unknown text[];
begin
  if changes is null or jsonb_typeof(changes) <> 'object' then
    perform private.raise('VALIDATION_ERROR', format('The %s must be a JSON object.', what),
      jsonb_build_object('field', what));
  end if;
  select array_agg(k order by k) into v_unknown from jsonb_object_keys(changes) as k where k <> all (allowed);
  if v_unknown is not null then
    perform private.raise('VALIDATION_ERROR',
      format('Unknown field(s) in the %s: %s (allowed: %s).', what, array_to_string(v_unknown, ', '),
             array_to_string(allowed, ', ')),
      jsonb_build_object('field', v_unknown[1], 'unknown', v_unknown));
  end if;
end;
$$;
comment on function private.check_keys(jsonb, text[], text) is
  'VALIDATION_ERROR unless changes is a JSON object whose keys are all allowed (naming the unknown ones).';
revoke execute on function private.check_keys(jsonb, text[], text) from public;
grant execute on function private.check_keys(jsonb, text[], text) to authenticated, service_role;

-- The catalog's check constraints stay the one place their rules live; a
-- violation is reported as a VALIDATION_ERROR naming the field it guards.
create function private.raise_check_violation(constraint_name text) returns void
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_field text := coalesce(substring(constraint_name from '^(?:products|categories)_(.+?)_(?:format|length|non_negative|range)$'),
                           'a field');
begin
  perform private.raise('VALIDATION_ERROR',
    format('%s is not valid: %s.', v_field,
           case constraint_name
             when 'products_sku_format' then '1 to 50 upper-case letters, digits or -'
             when 'products_barcode_format' then '1 to 64 letters, digits or -'
             when 'products_name_length' then 'required, at most 200 characters'
             when 'products_description_length' then 'at most 2,000 characters'
             when 'products_min_stock_level_range' then 'a whole number from 0 to 1,000,000'
             when 'categories_name_length' then 'required, at most 100 characters'
             when 'categories_description_length' then 'at most 500 characters'
             else 'out of range' end),
    jsonb_build_object('field', v_field));
end;
$$;
comment on function private.raise_check_violation(text) is
  'Raises VALIDATION_ERROR naming the field a violated check of the catalog guards (products_sku_format → sku).';
revoke execute on function private.raise_check_violation(text) from public;

-- =============================================================================
-- Products: read
-- =============================================================================
create function public.get_product(product_id uuid default null, sku text default null) returns jsonb
language plpgsql
stable
-- Security definer: it returns the cost to managers, which the column
-- privileges hide from every API role; it checks the role first.
security definer
set search_path = ''
as $$
declare
  v_result jsonb;
  v_sku text := upper(private.trim_text(get_product.sku));
begin
  perform private.require_role('viewer', 'read the catalog');
  if get_product.product_id is null and v_sku is null then
    perform private.raise('VALIDATION_ERROR', 'Give product_id or sku.', '{"field": "product_id"}');
  end if;
  select private.product_json(p, c, private.has_role('manager')) into v_result
    from public.products p
    left join public.categories c on c.id = p.category_id
   where (get_product.product_id is not null and p.id = get_product.product_id)
      or (get_product.product_id is null and p.sku = v_sku);
  if v_result is null then
    perform private.raise('PRODUCT_NOT_FOUND',
      case when get_product.product_id is not null then format('No product has id %s.', get_product.product_id)
           else format('No product has SKU %s.', v_sku) end,
      jsonb_build_object('product_id', get_product.product_id, 'sku', v_sku));
  end if;
  return v_result;
end;
$$;
comment on function public.get_product(uuid, text) is
  'One product by id, or by SKU (case-insensitive), active or not, with its category; cost_price for managers and admins only. PRODUCT_NOT_FOUND, FORBIDDEN without a role. Viewers and above.';
revoke execute on function public.get_product(uuid, text) from public, anon;
grant execute on function public.get_product(uuid, text) to authenticated, service_role;

create function public.list_products(
  page integer default 1,
  page_size integer default 20,
  category_id uuid default null,
  min_price numeric default null,
  max_price numeric default null,
  in_stock boolean default null,
  is_active boolean default true
) returns jsonb
language plpgsql
stable
-- Security definer: it returns the cost to managers (see get_product).
security definer
set search_path = ''
as $$
declare
  v_size integer := least(greatest(coalesce(list_products.page_size, 20), 1), 100);
  v_page integer := greatest(coalesce(list_products.page, 1), 1);
  v_with_cost boolean;
  v_total bigint;
  v_items jsonb;
begin
  perform private.require_role('viewer', 'read the catalog');
  v_with_cost := private.has_role('manager');
  with matching as materialized (
    select p.id, p.search_text
      from public.products p
     where (list_products.category_id is null or p.category_id = list_products.category_id)
       and (list_products.min_price is null or p.unit_price >= list_products.min_price)
       and (list_products.max_price is null or p.unit_price <= list_products.max_price)
       and (list_products.in_stock is null or (p.current_stock > 0) = list_products.in_stock)
       and (list_products.is_active is null or p.is_active = list_products.is_active)
  ),
  page_rows as (
    select m.id, m.search_text from matching m
     order by m.search_text, m.id
     limit v_size offset (v_page::bigint - 1) * v_size
  )
  select (select count(*) from matching),
         coalesce((select jsonb_agg(private.product_json(p, c, v_with_cost) order by r.search_text, r.id)
                     from page_rows r
                     join public.products p on p.id = r.id
                     left join public.categories c on c.id = p.category_id), '[]'::jsonb)
    into v_total, v_items;
  return jsonb_build_object('items', v_items, 'total_items', v_total, 'page', v_page, 'page_size', v_size);
end;
$$;
comment on function public.list_products(integer, integer, uuid, numeric, numeric, boolean, boolean) is
  'A page of products in name order, accents aside (page from 1, page_size 1..100, clamped) with total_items: filtered by category, price range, in stock (current_stock > 0) and active (true by default; null for all). FORBIDDEN without a role. Viewers and above.';
revoke execute on function public.list_products(integer, integer, uuid, numeric, numeric, boolean, boolean) from public, anon;
grant execute on function public.list_products(integer, integer, uuid, numeric, numeric, boolean, boolean) to authenticated, service_role;

-- =============================================================================
-- Products: write (managers and admins)
-- =============================================================================
create function private.find_category(category_id uuid) returns uuid
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  if category_id is not null and not exists (select from public.categories c where c.id = find_category.category_id) then
    perform private.raise('CATEGORY_NOT_FOUND', format('No category has id %s.', category_id),
      jsonb_build_object('category_id', category_id));
  end if;
  return category_id;
end;
$$;
comment on function private.find_category(uuid) is 'The category id when it exists (or null), else CATEGORY_NOT_FOUND.';
revoke execute on function private.find_category(uuid) from public;

create function private.check_price(amount numeric, field text) returns numeric
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  if amount is not null and not private.is_money(amount) then
    perform private.raise('INVALID_PRICE',
      format('%s must be a number from 0 to 9,999,999,999.99 with at most 2 decimals (got %s).', field, amount),
      jsonb_build_object('field', field));
  end if;
  return amount;
end;
$$;
comment on function private.check_price(numeric, text) is 'The amount (or null), or INVALID_PRICE naming the field unless private.is_money.';
revoke execute on function private.check_price(numeric, text) from public;

create function public.create_product(
  sku text,
  name text,
  unit_price numeric,
  description text default null,
  category_id uuid default null,
  cost_price numeric default null,
  min_stock_level integer default null,
  barcode text default null,
  is_active boolean default null
) returns jsonb
language plpgsql
volatile
-- Security definer: it returns the new product with its cost, which the
-- column privileges hide from API roles; it checks the manager role first.
security definer
set search_path = ''
as $$
declare
  v_id uuid;
  v_constraint text;
begin
  perform private.require_role('manager', 'edit the catalog');
  if create_product.unit_price is null then
    perform private.raise('INVALID_PRICE', 'unit_price is required.', '{"field": "unit_price"}');
  end if;
  begin
    insert into public.products (sku, barcode, name, description, category_id, unit_price, cost_price,
                                 min_stock_level, is_active)
    values (upper(private.trim_text(create_product.sku)),
            private.trim_text(create_product.barcode),
            private.required_text(create_product.name, 'name', 200),
            private.optional_text(create_product.description, 'description', 2000),
            private.find_category(create_product.category_id),
            private.check_price(create_product.unit_price, 'unit_price'),
            coalesce(private.check_price(create_product.cost_price, 'cost_price'), 0),
            coalesce(create_product.min_stock_level, 0),
            coalesce(create_product.is_active, true))
    returning id into v_id;
  exception
    when check_violation or not_null_violation then
      get stacked diagnostics v_constraint = constraint_name;
      perform private.raise_check_violation(coalesce(nullif(v_constraint, ''), 'products_sku_format'));
  end;
  return private.product_document(v_id);
end;
$$;
comment on function public.create_product(text, text, numeric, text, uuid, numeric, integer, text, boolean) is
  'Adds a product (stock 0: goods arrive through register_stock_entry) and returns it. SKU upper-cased; prices with at most 2 decimals (INVALID_PRICE); VALIDATION_ERROR naming a field the catalog refuses; CATEGORY_NOT_FOUND; DUPLICATE_SKU / DUPLICATE_BARCODE (unique keys). Managers and admins.';
revoke execute on function public.create_product(text, text, numeric, text, uuid, numeric, integer, text, boolean) from public, anon;
grant execute on function public.create_product(text, text, numeric, text, uuid, numeric, integer, text, boolean) to authenticated, service_role;

create function public.update_product(product_id uuid, changes jsonb) returns jsonb
language plpgsql
volatile
-- Security definer: as create_product.
security definer
set search_path = ''
as $$
declare
  v_product public.products;
  v_constraint text;
begin
  perform private.require_role('manager', 'edit the catalog');
  perform private.check_keys(changes,
    array['sku', 'barcode', 'name', 'description', 'category_id', 'unit_price', 'cost_price', 'min_stock_level',
          'is_active'], 'changes');
  select p.* into v_product from public.products p where p.id = update_product.product_id for update;
  if not found then
    perform private.raise('PRODUCT_NOT_FOUND', format('No product has id %s.', update_product.product_id),
      jsonb_build_object('product_id', update_product.product_id));
  end if;
  if changes ? 'sku' then
    v_product.sku := upper(private.trim_text(private.text_from_json(changes -> 'sku', 'sku')));
  end if;
  if changes ? 'barcode' then
    v_product.barcode := private.trim_text(private.text_from_json(changes -> 'barcode', 'barcode'));
  end if;
  if changes ? 'name' then
    v_product.name := private.required_text(private.text_from_json(changes -> 'name', 'name'), 'name', 200);
  end if;
  if changes ? 'description' then
    v_product.description := private.optional_text(private.text_from_json(changes -> 'description', 'description'),
                                                   'description', 2000);
  end if;
  if changes ? 'category_id' then
    v_product.category_id := private.find_category(private.uuid_from_json(changes -> 'category_id', 'category_id'));
  end if;
  if changes ? 'unit_price' then
    v_product.unit_price := private.money_from_json(changes -> 'unit_price', 'unit_price');
    if v_product.unit_price is null then
      perform private.raise('INVALID_PRICE', 'unit_price cannot be removed.', '{"field": "unit_price"}');
    end if;
  end if;
  if changes ? 'cost_price' then
    v_product.cost_price := coalesce(private.money_from_json(changes -> 'cost_price', 'cost_price'), 0);
  end if;
  if changes ? 'min_stock_level' then
    v_product.min_stock_level := private.check_quantity(private.number_from_json(changes -> 'min_stock_level'), 0,
                                                        'min_stock_level');
  end if;
  if changes ? 'is_active' then
    if jsonb_typeof(changes -> 'is_active') <> 'boolean' then
      perform private.raise('VALIDATION_ERROR', 'is_active must be true or false.', '{"field": "is_active"}');
    end if;
    v_product.is_active := (changes ->> 'is_active')::boolean;
  end if;
  begin
    update public.products p
       set sku = v_product.sku, barcode = v_product.barcode, name = v_product.name,
           description = v_product.description, category_id = v_product.category_id,
           unit_price = v_product.unit_price, cost_price = v_product.cost_price,
           min_stock_level = v_product.min_stock_level, is_active = v_product.is_active
     where p.id = v_product.id;
  exception
    when check_violation or not_null_violation then
      get stacked diagnostics v_constraint = constraint_name;
      perform private.raise_check_violation(coalesce(nullif(v_constraint, ''), 'products_sku_format'));
  end;
  return private.product_document(v_product.id);
end;
$$;
comment on function public.update_product(uuid, jsonb) is
  'Changes the given catalog fields of a product ({sku, barcode, name, description, category_id, unit_price, cost_price, min_stock_level, is_active}; never its stock) and returns it. Unknown fields are VALIDATION_ERROR; PRODUCT_NOT_FOUND; CATEGORY_NOT_FOUND; INVALID_PRICE; DUPLICATE_SKU. Managers and admins.';
revoke execute on function public.update_product(uuid, jsonb) from public, anon;
grant execute on function public.update_product(uuid, jsonb) to authenticated, service_role;

create function public.delete_product(product_id uuid) returns jsonb
language plpgsql
volatile
-- Security definer: as create_product.
security definer
set search_path = ''
as $$
declare
  v_product public.products;
  v_code text;
begin
  perform private.require_role('manager', 'edit the catalog');
  -- Locked first: the stock RPCs lock the product before they write its
  -- first movement, so "has history" cannot change under this call.
  select p.* into v_product from public.products p where p.id = delete_product.product_id for update;
  if not found then
    perform private.raise('PRODUCT_NOT_FOUND', format('No product has id %s.', delete_product.product_id),
      jsonb_build_object('product_id', delete_product.product_id));
  end if;
  begin
    delete from public.products p where p.id = v_product.id;
    return jsonb_build_object('id', v_product.id, 'action', 'deleted', 'product', null);
  exception
    when sqlstate 'PT409' then
      -- The delete trigger's own rule: a product with history stays.
      get stacked diagnostics v_code = message_text;
      if v_code <> 'PRODUCT_HAS_HISTORY' then
        raise;
      end if;
  end;
  update public.products p set is_active = false where p.id = v_product.id;
  return jsonb_build_object('id', v_product.id, 'action', 'deactivated',
                            'product', private.product_document(v_product.id));
end;
$$;
comment on function public.delete_product(uuid) is
  'Deletes a product that has no history; one with movements (PRODUCT_HAS_HISTORY to a plain delete) is deactivated instead. Returns {id, action: deleted|deactivated, product (the deactivated one, or null)}. PRODUCT_NOT_FOUND. Managers and admins.';
revoke execute on function public.delete_product(uuid) from public, anon;
grant execute on function public.delete_product(uuid) to authenticated, service_role;

-- =============================================================================
-- Categories
-- =============================================================================
create function public.list_categories(page integer default 1, page_size integer default 20) returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_size integer := least(greatest(coalesce(list_categories.page_size, 20), 1), 100);
  v_page integer := greatest(coalesce(list_categories.page, 1), 1);
  v_total bigint;
  v_items jsonb;
begin
  -- RLS would answer a caller without a role with an empty list.
  perform private.require_role('viewer', 'read the catalog');
  select count(*) into v_total from public.categories;
  select coalesce(jsonb_agg(private.category_json(c) order by private.normalize_text(c.name), c.id), '[]'::jsonb)
    into v_items
    from (select * from public.categories c order by private.normalize_text(c.name), c.id
           limit v_size offset (v_page::bigint - 1) * v_size) c;
  return jsonb_build_object('items', v_items, 'total_items', v_total, 'page', v_page, 'page_size', v_size);
end;
$$;
comment on function public.list_categories(integer, integer) is
  'A page of categories by name (page from 1, page_size 1..100, clamped) with total_items. FORBIDDEN without a role. Viewers and above.';
revoke execute on function public.list_categories(integer, integer) from public, anon;
grant execute on function public.list_categories(integer, integer) to authenticated, service_role;

create function private.find_category_row(category_id uuid, for_update boolean default false) returns public.categories
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  v_category public.categories;
begin
  if for_update then
    select c.* into v_category from public.categories c where c.id = find_category_row.category_id for update;
  else
    select c.* into v_category from public.categories c where c.id = find_category_row.category_id;
  end if;
  if v_category.id is null then
    perform private.raise('CATEGORY_NOT_FOUND', format('No category has id %s.', coalesce(category_id::text, 'null')),
      jsonb_build_object('category_id', category_id));
  end if;
  return v_category;
end;
$$;
comment on function private.find_category_row(uuid, boolean) is 'The category (locked when asked), or CATEGORY_NOT_FOUND.';
revoke execute on function private.find_category_row(uuid, boolean) from public;
grant execute on function private.find_category_row(uuid, boolean) to authenticated, service_role;

create function public.get_category(category_id uuid) returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  perform private.require_role('viewer', 'read the catalog');
  return private.category_json(private.find_category_row(category_id));
end;
$$;
comment on function public.get_category(uuid) is 'One category. CATEGORY_NOT_FOUND; FORBIDDEN without a role. Viewers and above.';
revoke execute on function public.get_category(uuid) from public, anon;
grant execute on function public.get_category(uuid) to authenticated, service_role;

create function public.create_category(name text, description text default null) returns jsonb
language plpgsql
volatile
-- Security invoker: the categories' grants and policies apply as well.
security invoker
set search_path = ''
as $$
declare
  v_category public.categories;
begin
  perform private.require_role('manager', 'edit the catalog');
  insert into public.categories (name, description)
  values (private.required_text(create_category.name, 'name', 100),
          private.optional_text(create_category.description, 'description', 500))
  returning * into v_category;
  return private.category_json(v_category);
end;
$$;
comment on function public.create_category(text, text) is
  'Adds a category and returns it. DUPLICATE_CATEGORY when the name is taken (case-insensitively). Managers and admins.';
revoke execute on function public.create_category(text, text) from public, anon;
grant execute on function public.create_category(text, text) to authenticated, service_role;

create function public.update_category(category_id uuid, changes jsonb) returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  v_category public.categories;
begin
  perform private.require_role('manager', 'edit the catalog');
  perform private.check_keys(changes, array['name', 'description'], 'changes');
  v_category := private.find_category_row(category_id, true);
  if changes ? 'name' then
    v_category.name := private.required_text(private.text_from_json(changes -> 'name', 'name'), 'name', 100);
  end if;
  if changes ? 'description' then
    v_category.description := private.optional_text(private.text_from_json(changes -> 'description', 'description'),
                                                    'description', 500);
  end if;
  update public.categories c set name = v_category.name, description = v_category.description
   where c.id = v_category.id
  returning * into v_category;
  return private.category_json(v_category);
end;
$$;
comment on function public.update_category(uuid, jsonb) is
  'Changes a category''s name and/or description ({name, description}) and returns it. CATEGORY_NOT_FOUND; DUPLICATE_CATEGORY. Managers and admins.';
revoke execute on function public.update_category(uuid, jsonb) from public, anon;
grant execute on function public.update_category(uuid, jsonb) to authenticated, service_role;

create function public.delete_category(category_id uuid) returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  v_category public.categories;
begin
  perform private.require_role('manager', 'edit the catalog');
  v_category := private.find_category_row(category_id, true);
  -- A category with products is CATEGORY_IN_USE (its delete trigger).
  delete from public.categories c where c.id = v_category.id;
  return jsonb_build_object('id', v_category.id, 'action', 'deleted');
end;
$$;
comment on function public.delete_category(uuid) is
  'Deletes a category without products (CATEGORY_IN_USE otherwise). CATEGORY_NOT_FOUND. Managers and admins.';
revoke execute on function public.delete_category(uuid) from public, anon;
grant execute on function public.delete_category(uuid) to authenticated, service_role;

-- =============================================================================
-- The ledger and the day's sales, read a page at a time
-- =============================================================================
create function public.list_movements(product_id uuid default null, page integer default 1, page_size integer default 20)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_size integer := least(greatest(coalesce(list_movements.page_size, 20), 1), 100);
  v_page integer := greatest(coalesce(list_movements.page, 1), 1);
  v_total bigint;
  v_items jsonb;
begin
  perform private.require_role('viewer', 'read the stock ledger');
  select count(*) into v_total from public.inventory_movements m
   where list_movements.product_id is null or m.product_id = list_movements.product_id;
  select coalesce(jsonb_agg(
           jsonb_build_object('id', m.id, 'seq', m.seq, 'product_id', m.product_id, 'product_name', p.name,
                              'product_sku', p.sku, 'movement_type', m.movement_type, 'quantity', m.quantity,
                              'reason', m.reason, 'reference', m.reference, 'reference_id', m.reference_id,
                              'notes', m.notes, 'previous_stock', m.previous_stock, 'new_stock', m.new_stock,
                              'created_at', m.created_at, 'created_by', m.created_by)
           order by m.seq desc), '[]'::jsonb)
    into v_items
    from (select * from public.inventory_movements m
           where list_movements.product_id is null or m.product_id = list_movements.product_id
           order by m.seq desc
           limit v_size offset (v_page::bigint - 1) * v_size) m
    join public.products p on p.id = m.product_id;
  return jsonb_build_object('items', v_items, 'total_items', v_total, 'page', v_page, 'page_size', v_size);
end;
$$;
comment on function public.list_movements(uuid, integer, integer) is
  'A page of the stock ledger, newest first (optionally one product''s), each movement with its product''s name and SKU, and total_items. FORBIDDEN without a role. Viewers and above.';
revoke execute on function public.list_movements(uuid, integer, integer) from public, anon;
grant execute on function public.list_movements(uuid, integer, integer) to authenticated, service_role;

create function public.list_sales(day date default null, page integer default 1, page_size integer default 20)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_size integer := least(greatest(coalesce(list_sales.page_size, 20), 1), 100);
  v_page integer := greatest(coalesce(list_sales.page, 1), 1);
  v_timezone text;
  v_day date;
  v_from timestamptz;
  v_to timestamptz;
  v_total bigint;
  v_items jsonb;
begin
  perform private.require_role('viewer', 'read sales');
  select st.timezone into v_timezone from public.store_settings st;
  v_day := coalesce(list_sales.day, (now() at time zone v_timezone)::date);
  v_from := v_day::timestamp at time zone v_timezone;
  v_to := (v_day + 1)::timestamp at time zone v_timezone;
  select count(*) into v_total from public.sales s where s.sale_date >= v_from and s.sale_date < v_to;
  select coalesce(jsonb_agg(
           jsonb_build_object('id', s.id, 'sale_number', s.sale_number, 'sale_date', s.sale_date,
                              'subtotal', s.subtotal, 'line_discount', s.line_discount, 'discount', s.discount,
                              'tax', s.tax, 'total', s.total, 'status', s.status,
                              'payment_method', s.payment_method,
                              'item_count', (select count(*) from public.sale_items i where i.sale_id = s.id),
                              'created_by', s.created_by, 'cancelled_at', s.cancelled_at)
           order by s.sale_date desc, s.sale_number desc), '[]'::jsonb)
    into v_items
    from (select s.id, s.sale_number, s.sale_date, s.subtotal, s.line_discount, s.discount, s.tax, s.total,
                 s.status, s.payment_method, s.created_by, s.cancelled_at
            from public.sales s
           where s.sale_date >= v_from and s.sale_date < v_to
           order by s.sale_date desc, s.sale_number desc
           limit v_size offset (v_page::bigint - 1) * v_size) s;
  return jsonb_build_object('items', v_items, 'total_items', v_total, 'page', v_page, 'page_size', v_size,
                            'date', v_day, 'timezone', v_timezone);
end;
$$;
comment on function public.list_sales(date, integer, integer) is
  'A page of the sales of a day (default today), cut at midnight in the store''s time zone, newest first, completed and cancelled, with total_items. FORBIDDEN without a role. Viewers and above.';
revoke execute on function public.list_sales(date, integer, integer) from public, anon;
grant execute on function public.list_sales(date, integer, integer) to authenticated, service_role;

-- =============================================================================
-- The caller's role
-- =============================================================================
create function public.current_user_role() returns public.app_role
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  -- private.has_role is the one definition: the service role holds every role.
  return case when private.has_role('admin') then 'admin'::public.app_role
              when private.has_role('manager') then 'manager'::public.app_role
              when private.has_role('staff') then 'staff'::public.app_role
              when private.has_role('viewer') then 'viewer'::public.app_role end;
end;
$$;
comment on function public.current_user_role() is
  'The caller''s store role as the database enforces it (admin for the service role), or null without one: for a front end to shape its screens, and for the api function to answer FORBIDDEN where a read would merely come back empty.';
revoke execute on function public.current_user_role() from public, anon;
grant execute on function public.current_user_role() to authenticated, service_role;
