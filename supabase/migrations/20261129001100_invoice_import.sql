-- The invoice import of the store's front end (PRD-002 in
-- Ticlla/FrontEnd-ComercialComarapa): a supplier's note is photographed, a
-- vision model reads its lines (in the `api` Edge Function), the lines are
-- matched to the catalog here, and the products that are new are created
-- here, each on its own.
--
-- - match_product_lines(lines): for each line typed from an invoice ("AZUC.
--   GUABIRA 1KG", "Mopa colores"), up to N active products with a confidence
--   from 0 to 1 and why (barcode, SKU, name). One implementation, meant to be
--   reused by purchasing's invoice matching: abbreviations, missing accents,
--   pack sizes ("X12") and word order do not stop a match. Names are found
--   the way search corrects a typo (the words of product names,
--   private.search_words, and the products' word index): no new index on
--   products, so a sale (which updates a product's stock) costs no more.
-- - resolve_category_names(names): the catalog's category for each name,
--   case- and accent-insensitively ("lacteos" is Lácteos).
-- - import_products(products, create_missing_categories): up to 100 new
--   products in one call, each atomic on its own (one failing item leaves
--   the others created), with an SKU generated to the catalog's rule.

-- =============================================================================
-- Error codes answered by the api function's import routes
-- =============================================================================
insert into private.error_codes (code, status, meaning) values
  ('AI_PROVIDER_ERROR', 502, 'The vision model did not answer, or answered something unreadable; retry.'),
  ('AI_NOT_CONFIGURED', 503, 'No vision model is configured (the GEMINI_API_KEY secret is not set).');

-- =============================================================================
-- Text as matching compares it
-- =============================================================================
create function private.match_text(value text) returns text
language plpgsql
immutable
parallel safe
security invoker
set search_path = ''
as $$
begin
  -- Lower case without accents; "900 ML" and "900ml" alike; punctuation is a
  -- space ("AZUC." is "azuc", "Coca-Cola" is "coca cola").
  return btrim(regexp_replace(
           regexp_replace(private.normalize_text(value), '([0-9])\s+(?=[a-z])', '\1', 'g'),
           '[^a-z0-9]+', ' ', 'g'));
end;
$$;
comment on function private.match_text(text) is
  'A name or invoice line as matching compares it: private.normalize_text, a number joined to its unit (900 ml → 900ml), anything but letters and digits a single space.';
revoke execute on function private.match_text(text) from public;

create function private.significant_words(value text) returns text[]
language plpgsql
immutable
parallel safe
security invoker
set search_path = ''
as $$
begin
  -- The words that say what a thing is: not Spanish articles and
  -- prepositions, not a pack count ("x12").
  return coalesce((select array_agg(distinct w order by w)
                     from regexp_split_to_table(value, ' ') as w
                    where w <> '' and w !~ '^x[0-9]+$'
                      and w <> all (array['de', 'del', 'la', 'el', 'los', 'las', 'con', 'sin', 'y', 'para', 'en',
                                          'al', 'x', 'c', 'u', 'p'])), '{}');
end;
$$;
comment on function private.significant_words(text) is
  'The distinct significant words of a match_text: no articles or prepositions, no pack counts (x12).';
revoke execute on function private.significant_words(text) from public;

-- =============================================================================
-- match_product_lines
-- =============================================================================
create function public.match_product_lines(lines jsonb, candidates_per_line integer default 3) returns jsonb
language plpgsql
stable
-- Security definer: it reads the search dictionary (private.search_words),
-- which no API role reads, and the products' word index without RLS (which
-- would keep Postgres from using it); it checks the caller's role first.
security definer
set search_path = ''
-- A word of the line is looked up among the words of product names by
-- trigram similarity, as search corrects a typo.
set pg_trgm.similarity_threshold = 0.3
as $$
declare
  v_limit integer := least(greatest(coalesce(candidates_per_line, 3), 1), 10);
  v_line jsonb;
  v_index integer;
  v_text text;
  v_words text[];
  v_groups text[];
  v_group_count integer;
  v_candidates uuid[];
  v_category text;
  v_barcode text;
  v_sku text;
  v_matches jsonb;
  v_result jsonb := '[]'::jsonb;
begin
  perform private.require_role('viewer', 'match invoice lines to the catalog');
  if lines is null or jsonb_typeof(lines) <> 'array' or jsonb_array_length(lines) > 1000 then
    perform private.raise('VALIDATION_ERROR', 'lines must be an array of at most 1,000 lines.',
      '{"field": "lines"}');
  end if;
  for v_line, v_index in select l.value, l.ordinality::integer from jsonb_array_elements(lines) with ordinality as l
  loop
    if jsonb_typeof(v_line) <> 'object' then
      perform private.raise_on_line('VALIDATION_ERROR', v_index,
        'a line is an object {description, barcode?, sku?, category?}.', '{"field": "lines"}');
    end if;
    v_text := coalesce(private.match_text(left(private.text_from_json(v_line -> 'description', 'description'), 500)), '');
    v_words := private.significant_words(v_text);
    v_category := private.match_text(private.text_from_json(v_line -> 'category', 'category'));
    v_barcode := private.trim_text(private.text_from_json(v_line -> 'barcode', 'barcode'));
    v_sku := upper(private.trim_text(private.text_from_json(v_line -> 'sku', 'sku')));

    -- 1. Candidates by name. Each word of letters (the first 6) stands for
    --    the words of product names it may be: itself, the 3 nearest by
    --    trigram distance ("aciete" → aceite) and, for 3+ letters, the 3
    --    first it begins ("azuc" → azucar). A word with none is left out.
    select array_agg(g.alternatives order by g.n) into v_groups
      from (select w.n, '(' || string_agg(private.quote_lexeme(a.word), ' | ') || ')' as alternatives
              from unnest((select array_agg(x) from unnest(v_words) as x where x ~ '^[a-z]{2,}$')[1:6])
                     with ordinality as w(word, n)
             cross join lateral (
               (select sw.word from private.search_words sw where sw.word = w.word)
               union
               (select sw.word from private.search_words sw
                 where w.word operator(extensions.%) sw.word
                 order by w.word operator(extensions.<->) sw.word, sw.word limit 3)
               union
               (select sw.word from private.search_words sw
                 where char_length(w.word) >= 3 and sw.word like w.word || '%'
                 order by sw.word limit 3)
             ) a
             group by w.n) g;
    v_group_count := coalesce(cardinality(v_groups), 0);
    v_candidates := '{}';
    if v_group_count > 0 then
      -- Every word, then every word but one, then any word: each step only
      -- when the ones before found few names.
      select coalesce(array_agg(p.id), '{}') into v_candidates
        from (select p.id from public.products p
               where p.name_words @@ array_to_string(v_groups, ' & ')::tsquery and p.is_active
               limit 100) p;
      if cardinality(v_candidates) < 20 and v_group_count > 1 then
        for i in 1 .. v_group_count loop
          select v_candidates || coalesce(array_agg(p.id), '{}') into v_candidates
            from (select p.id from public.products p
                   where p.name_words @@ array_to_string(v_groups[:i - 1] || v_groups[i + 1:], ' & ')::tsquery
                     and p.is_active
                   limit 50) p;
        end loop;
      end if;
      if cardinality(v_candidates) < 20 and v_group_count > 2 then
        select v_candidates || coalesce(array_agg(p.id), '{}') into v_candidates
          from (select p.id from public.products p
                 where p.name_words @@ array_to_string(v_groups, ' | ')::tsquery and p.is_active
                 limit 100) p;
      end if;
    end if;

    -- 2. Scored: an exact barcode or SKU is certain; a name by how close it
    --    is to the line, a little more in the line's category.
    with exact as (
      select p.id, 1::real as confidence, 'barcode' as reason
        from public.products p where v_barcode is not null and p.barcode = v_barcode and p.is_active
      union all
      select p.id, 1::real, 'sku' from public.products p where v_sku is not null and p.sku = v_sku and p.is_active
    ),
    -- The 40 candidates nearest by trigram similarity are scored in full:
    -- 0.4 × the texts' trigram similarity + 0.35 × how much of the line's
    -- words the name covers + 0.25 × how much of the name's words the line
    -- covers. Two words cover each other 1 when equal, 0.9 when one (3+
    -- letters) begins the other ("azuc", azucar), else by their trigram
    -- similarity when at least 0.45.
    near as (
      select k.id, t.match_text, private.significant_words(t.match_text) as words
        from (select distinct x as id from unnest(v_candidates) as x) k
        join public.products p on p.id = k.id
       cross join lateral (select private.match_text(p.name) as match_text) t
       order by extensions.similarity(v_text, t.match_text) + extensions.word_similarity(v_text, t.match_text) desc,
                k.id
       limit 40
    ),
    pairs as (
      select n.id, l.word as line_word, w.word as name_word,
             case when l.word = w.word then 1
                  when least(char_length(l.word), char_length(w.word)) >= 3
                       and (starts_with(w.word, l.word) or starts_with(l.word, w.word)) then 0.9
                  else (select case when s.v >= 0.45 then s.v else 0 end
                          from (select extensions.similarity(l.word, w.word) as v) s) end as cover
        from near n
       cross join unnest(v_words) as l(word)
       cross join unnest(n.words) as w(word)
    ),
    line_cover as (
      select b.id, avg(b.best) as cover from (select id, line_word, max(cover) as best from pairs group by 1, 2) b group by 1
    ),
    name_cover as (
      select b.id, avg(b.best) as cover from (select id, name_word, max(cover) as best from pairs group by 1, 2) b group by 1
    ),
    by_name as (
      select n.id,
             least(1, 0.4 * extensions.similarity(v_text, n.match_text)
                      + 0.35 * coalesce(lc.cover, 0) + 0.25 * coalesce(nc.cover, 0)
                      + case when v_category is not null and private.match_text(c.name) = v_category
                             then 0.05 else 0 end)::real as confidence,
             'name' as reason
        from near n
        join public.products p on p.id = n.id
        left join public.categories c on c.id = p.category_id
        left join line_cover lc on lc.id = n.id
        left join name_cover nc on nc.id = n.id
    ),
    best as (
      select distinct on (m.id) m.id, m.confidence, m.reason
        from (select * from exact union all select * from by_name where confidence >= 0.25) m
       order by m.id, m.confidence desc, m.reason
    )
    select coalesce(jsonb_agg(jsonb_build_object('product_id', p.id, 'sku', p.sku, 'name', p.name,
                                                 'category_id', p.category_id, 'category_name', c.name,
                                                 'confidence', round(b.confidence::numeric, 3), 'reason', b.reason)
                              order by b.confidence desc, p.name, p.id), '[]'::jsonb)
      into v_matches
      from (select * from best order by confidence desc, id limit v_limit) b
      join public.products p on p.id = b.id
      left join public.categories c on c.id = p.category_id;
    v_result := v_result || jsonb_build_array(jsonb_build_object('line', v_index, 'matches', v_matches));
  end loop;
  return v_result;
end;
$$;
comment on function public.match_product_lines(jsonb, integer) is
  'For each invoice line {description, barcode?, sku?, category?} (at most 1,000), up to candidates_per_line (1..10, default 3) active products, best first: {product_id, sku, name, category_id, category_name, confidence 0–1, reason barcode|sku|name}. An exact barcode or SKU is 1; names are found through the words of product names (each word of the line as typed, its nearest words and, 3+ letters, the words it begins) and scored by their words and trigrams (+0.05 in the line''s category), kept from 0.25. Answers [{line (1-based), matches}] in input order. Viewers and above.';
revoke execute on function public.match_product_lines(jsonb, integer) from public, anon;
grant execute on function public.match_product_lines(jsonb, integer) to authenticated, service_role;

-- =============================================================================
-- resolve_category_names
-- =============================================================================
create function private.category_key(name text) returns text
language plpgsql
immutable
parallel safe
security invoker
set search_path = ''
as $$
begin
  return nullif(regexp_replace(btrim(private.normalize_text(private.trim_text(name))), '\s+', ' ', 'g'), '');
end;
$$;
comment on function private.category_key(text) is
  'A category name as names are compared: trimmed, lower case, without accents, single spaces ("  Lácteos " is "lacteos").';
revoke execute on function private.category_key(text) from public;

create function private.category_named(name text) returns public.categories
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_category public.categories;
begin
  -- Case- and accent-insensitively; should two categories differ only by
  -- accents, the one spelt as given (case aside) wins, then the oldest.
  select c.* into v_category
    from public.categories c
   where private.category_key(c.name) = private.category_key(category_named.name)
   order by lower(btrim(c.name)) = lower(btrim(category_named.name)) desc, c.created_at, c.id
   limit 1;
  return v_category;
end;
$$;
comment on function private.category_named(text) is
  'The category of that name, case- and accent-insensitively (null when none).';
revoke execute on function private.category_named(text) from public;

create function public.resolve_category_names(names text[]) returns jsonb
language plpgsql
stable
-- Security definer: it compares names with the private helpers as the owner;
-- it checks the caller's role first, and categories are every role's to read.
security definer
set search_path = ''
as $$
begin
  perform private.require_role('viewer', 'read the catalog');
  if cardinality(names) > 1000 then
    perform private.raise('VALIDATION_ERROR', 'At most 1,000 names.', '{"field": "names"}');
  end if;
  return coalesce((
    select jsonb_agg(jsonb_build_object('name', n.name, 'key', private.category_key(n.name),
                                        'category_id', c.id, 'category_name', c.name) order by n.i)
      from unnest(names) with ordinality as n(name, i)
      left join lateral (select (private.category_named(n.name)).*) c on true), '[]'::jsonb);
end;
$$;
comment on function public.resolve_category_names(text[]) is
  'For each name: {name, key (as names are compared), category_id and category_name of the catalog''s category of that name, case- and accent-insensitively, or null}. Viewers and above.';
revoke execute on function public.resolve_category_names(text[]) from public, anon;
grant execute on function public.resolve_category_names(text[]) to authenticated, service_role;

-- =============================================================================
-- import_products
-- =============================================================================
create function private.sku_prefix(category public.categories) returns text
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_prefix text;
begin
  if category.id is null then
    return 'GEN';
  end if;
  -- The prefix the category's products already use (LAC-0013 in Lácteos,
  -- SNK-0012 in Snacks y Golosinas), else the first three letters or digits
  -- of its name without accents or spaces, else GEN.
  select substring(p.sku from '^([A-Z0-9]{1,10})-[0-9]+$') into v_prefix
    from public.products p
   where p.category_id = category.id and p.sku ~ '^[A-Z0-9]{1,10}-[0-9]+$'
   group by 1
   order by count(*) desc, 1
   limit 1;
  return coalesce(v_prefix,
                  nullif(upper(left(regexp_replace(private.normalize_text(category.name), '[^a-z0-9]', '', 'g'), 3)), ''),
                  'GEN');
end;
$$;
comment on function private.sku_prefix(public.categories) is
  'The SKU prefix for a new product of the category: the one its products use most, else the first 3 letters or digits of its name (accents and spaces dropped), else GEN.';
revoke execute on function private.sku_prefix(public.categories) from public;

create function private.next_sku(prefix text) returns text
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  v_last bigint;
begin
  select max(substring(p.sku from char_length(prefix) + 2)::bigint) into v_last
    from public.products p
   where p.sku like prefix || '-%' and p.sku ~ ('^' || prefix || '-[0-9]{1,15}$');
  return prefix || '-' || lpad((coalesce(v_last, 0) + 1)::text, 4, '0');
end;
$$;
comment on function private.next_sku(text) is
  'The SKU after the highest <prefix>-<number> of the catalog (4 digits at least): LAC-0024 after LAC-0023.';
revoke execute on function private.next_sku(text) from public;

create function private.import_product(item jsonb, create_missing_categories boolean)
returns table (product_id uuid, product_sku text, category_created boolean)
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  v_name text;
  v_description text;
  v_unit_price numeric;
  v_cost_price numeric;
  v_min_stock integer;
  v_category_id uuid;
  v_category_name text;
  v_category public.categories;
  v_created boolean := false;
  v_prefix text;
  v_sku text;
  v_id uuid;
  v_attempt integer := 0;
  v_constraint text;
begin
  perform private.check_keys(item,
    array['name', 'description', 'category_id', 'category_name', 'unit_price', 'cost_price', 'min_stock_level'],
    'product');
  -- The whole item first, before anything is written.
  v_name := private.required_text(private.text_from_json(item -> 'name', 'name'), 'name', 200);
  v_description := private.optional_text(private.text_from_json(item -> 'description', 'description'),
                                         'description', 2000);
  v_unit_price := private.money_from_json(item -> 'unit_price', 'unit_price');
  if v_unit_price is null then
    perform private.raise('INVALID_PRICE', 'unit_price is required.', '{"field": "unit_price"}');
  end if;
  v_cost_price := coalesce(private.money_from_json(item -> 'cost_price', 'cost_price'), 0);
  v_min_stock := case when item -> 'min_stock_level' is null or jsonb_typeof(item -> 'min_stock_level') = 'null' then 0
                      else private.check_quantity(private.number_from_json(item -> 'min_stock_level'), 0,
                                                  'min_stock_level') end;
  v_category_id := private.uuid_from_json(item -> 'category_id', 'category_id');
  v_category_name := private.optional_text(private.text_from_json(item -> 'category_name', 'category_name'),
                                           'category_name', 100);

  if v_category_id is not null then
    v_category := private.find_category_row(v_category_id);
  elsif v_category_name is not null then
    v_category := private.category_named(v_category_name);
    if v_category.id is null then
      if not coalesce(create_missing_categories, false) then
        perform private.raise('CATEGORY_NOT_FOUND',
          format('No category is named "%s"; send create_missing_categories to create it.', v_category_name),
          jsonb_build_object('category_name', v_category_name));
      end if;
      -- One creator per name at a time; the second finds the first's.
      perform pg_advisory_xact_lock(hashtextextended('comarapa.category:' || private.category_key(v_category_name), 0));
      v_category := private.category_named(v_category_name);
      if v_category.id is null then
        insert into public.categories (name, description)
        values (v_category_name, 'Creada al importar productos de una factura.')
        returning * into v_category;
        v_created := true;
      end if;
    end if;
  end if;

  -- One numbering per prefix at a time (until commit); a number taken
  -- meanwhile by another door is skipped.
  v_prefix := private.sku_prefix(v_category);
  perform pg_advisory_xact_lock(hashtextextended('comarapa.sku:' || v_prefix, 0));
  loop
    v_attempt := v_attempt + 1;
    v_sku := private.next_sku(v_prefix);
    begin
      insert into public.products (sku, name, description, category_id, unit_price, cost_price, min_stock_level)
      values (v_sku, v_name, v_description, v_category.id, v_unit_price, v_cost_price, v_min_stock)
      returning id into v_id;
      exit;
    exception
      when unique_violation then
        get stacked diagnostics v_constraint = constraint_name;
        if v_constraint <> 'products_sku_key' or v_attempt >= 3 then
          raise;
        end if;
    end;
  end loop;
  return query select v_id, v_sku, v_created;
end;
$$;
comment on function private.import_product(jsonb, boolean) is
  'Creates one product of import_products (its category found by name or created when allowed, an SKU generated), or raises the coded error that refuses it.';
revoke execute on function private.import_product(jsonb, boolean) from public;

create function public.import_products(products jsonb, create_missing_categories boolean default false) returns jsonb
language plpgsql
volatile
-- Security definer: it uses the catalog's helpers and numbering locks as the
-- owner; it checks the manager role first, and writes only what a manager
-- may write through the tables.
security definer
set search_path = ''
as $$
declare
  v_item jsonb;
  v_index integer;
  v_created record;
  v_state text;
  v_code text;
  v_detail text;
  v_hint text;
  v_constraint text;
  v_results jsonb := '[]'::jsonb;
  v_ok integer := 0;
  v_failed integer := 0;
  v_categories integer := 0;
begin
  perform private.require_role('manager', 'create products');
  if products is null or jsonb_typeof(products) <> 'array' or jsonb_array_length(products) not between 1 and 100 then
    perform private.raise('VALIDATION_ERROR', 'products must be an array of 1 to 100 products.',
      '{"field": "products"}');
  end if;
  for v_item, v_index in select e.value, e.ordinality::integer - 1 from jsonb_array_elements(products) with ordinality as e
  loop
    begin
      select * into v_created from private.import_product(v_item, create_missing_categories);
      v_ok := v_ok + 1;
      v_categories := v_categories + case when v_created.category_created then 1 else 0 end;
      v_results := v_results || jsonb_build_array(jsonb_build_object(
        'index', v_index, 'success', true, 'product_id', v_created.product_id, 'product_sku', v_created.product_sku,
        'error', null));
    exception
      when others then
        -- Everything this item wrote is undone; the others stand. Only the
        -- item's own faults are reported: anything else fails the call.
        get stacked diagnostics v_state = returned_sqlstate, v_code = message_text, v_detail = pg_exception_detail,
                                v_hint = pg_exception_hint, v_constraint = constraint_name;
        if v_state like 'PT4%' then
          null;
        elsif v_state = '23505' then
          v_code := case v_constraint when 'products_sku_key' then 'DUPLICATE_SKU'
                                      when 'products_barcode_key' then 'DUPLICATE_BARCODE'
                                      when 'categories_name_key' then 'DUPLICATE_CATEGORY'
                                      else 'CONFLICT' end;
          v_detail := null;
          v_hint := null;
        elsif v_state in ('23514', '23502') or v_state like '22%' then
          v_code := 'VALIDATION_ERROR';
          v_detail := format('A value of product %s is not valid.', v_index);
          v_hint := null;
        else
          raise;
        end if;
        v_failed := v_failed + 1;
        v_results := v_results || jsonb_build_array(jsonb_build_object(
          'index', v_index, 'success', false, 'product_id', null, 'product_sku', null,
          'error', jsonb_build_object('code', v_code, 'message', nullif(v_detail, ''),
                                      'field', case when v_hint like '{%' then v_hint::jsonb ->> 'field' end)));
    end;
  end loop;
  return jsonb_build_object('total_requested', v_ok + v_failed, 'total_created', v_ok, 'total_failed', v_failed,
                            'categories_created', v_categories, 'results', v_results);
end;
$$;
comment on function public.import_products(jsonb, boolean) is
  'Creates 1 to 100 products [{name, description?, category_id?, category_name?, unit_price, cost_price?, min_stock_level?}], each atomically on its own: a category named case- and accent-insensitively (created when create_missing_categories), an SKU <prefix>-<next number>. Returns {total_requested, total_created, total_failed, categories_created, results: [{index (0-based), success, product_id, product_sku, error: {code, message, field} | null}]}. Managers and admins.';
revoke execute on function public.import_products(jsonb, boolean) from public, anon;
grant execute on function public.import_products(jsonb, boolean) to authenticated, service_role;
