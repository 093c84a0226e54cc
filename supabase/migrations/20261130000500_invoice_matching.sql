-- Matching a supplier's invoice to the catalog. An invoice is typed the
-- supplier's way — "AZUC. GUABIRA 1KG", "ACEITE FINO 900ML X12", upper case,
-- abbreviated, without accents, sizes glued to their numbers, packs of
-- twelve — so the counter's search (full text over whole words) finds little
-- of it. match_invoice_lines proposes, for each line, up to three products
-- with a confidence from 0 to 1 and the reason: the supplier's own code
-- learned from an earlier receipt (certain), the barcode (certain), or the
-- name, compared term by term (words matched whole, by their beginning or by
-- trigram similarity; sizes in one unit, 1 KG = 1000 G; pack counts).
-- It reads its own index of each product's name terms and its own dictionary
-- of their words (private.product_match_terms, private.match_words, kept by a
-- trigger on products); it does not depend on search_products or its tables.

-- =============================================================================
-- A name as terms: words, sizes in one unit, pack counts, bare numbers
-- =============================================================================
create function private.invoice_terms(value text) returns text[]
language plpgsql
immutable
parallel safe
security invoker
set search_path = ''
as $$
declare
  v_text text := private.normalize_text(value);
  v_terms text[] := '{}';
  v_size text[];
  v_number numeric;
  v_unit text;
  v_token text;
  v_word text;
  -- a number and its unit, ending where the unit ends ("1kg", "900 ML", "2LTS", "620cc")
  v_sizes constant text := '([0-9]+(?:\.[0-9]+)?) *(kgs?|kilos?|kilogramos?|grs?|gramos?|grm?|g|mg|lts?|ltrs?|litros?|l|ml|cc|cm3|oz|mts?|metros?|m|cm|mm|w|watts?)(?![a-z0-9])';
begin
  -- the decimal comma (1,5 → 1.5); s/gas → sin gas, c/gas → con gas
  v_text := regexp_replace(v_text, '([0-9]),([0-9])', '\1.\2', 'g');
  v_text := regexp_replace(v_text, '(^|[^a-z0-9])s/ *([a-z])', '\1sin \2', 'g');
  v_text := regexp_replace(v_text, '(^|[^a-z0-9])c/ *([a-z])', '\1con \2', 'g');
  -- pack counts: x12, x 12, c/12, *12 → x12
  v_text := regexp_replace(v_text, '(^|[^a-z0-9])(x|c/) *([0-9]{1,4})(?![0-9.])', '\1 x\3 ', 'g');
  v_text := regexp_replace(v_text, '\* *([0-9]{1,4})(?![0-9.])', ' x\1 ', 'g');
  -- sizes, in one unit each (s:g1000 for 1 kg, s:ml900 for 900 cc), and their number as written (n:1)
  for v_size in select regexp_matches(v_text, '(?:^|[^a-z0-9.])' || v_sizes, 'g') loop
    v_number := v_size[1]::numeric;
    v_unit := case
      when v_size[2] ~ '^(kgs?|kilos?|kilogramos?)$' then 'kg'
      when v_size[2] ~ '^(grs?|gramos?|grm?|g)$' then 'g'
      when v_size[2] ~ '^(lts?|ltrs?|litros?|l)$' then 'l'
      when v_size[2] ~ '^(ml|cc|cm3)$' then 'ml'
      when v_size[2] ~ '^(mts?|metros?|m)$' then 'm'
      when v_size[2] ~ '^(w|watts?)$' then 'w'
      else v_size[2] end;
    if v_unit = 'kg' then
      v_number := v_number * 1000;
      v_unit := 'g';
    elsif v_unit = 'l' then
      v_number := v_number * 1000;
      v_unit := 'ml';
    elsif v_unit = 'm' then
      v_number := v_number * 100;
      v_unit := 'cm';
    end if;
    v_terms := v_terms || ('s:' || v_unit || trim_scale(v_number)::text) || ('n:' || trim_scale(v_size[1]::numeric)::text);
  end loop;
  v_text := regexp_replace(v_text, '(^|[^a-z0-9.])' || v_sizes, '\1 ', 'g');
  -- what is left: pack counts, bare numbers, words (of 2+ characters, but for the filler ones)
  foreach v_token in array regexp_split_to_array(v_text, '[^a-z0-9.]+') loop
    v_token := btrim(v_token, '.');
    continue when v_token = '';
    if v_token ~ '^x[0-9]+$' then
      v_terms := v_terms || ('p:' || substr(v_token, 2)::integer::text);
    elsif v_token ~ '^[0-9]+(\.[0-9]+)?$' then
      v_terms := v_terms || ('n:' || trim_scale(v_token::numeric)::text);
    else
      foreach v_word in array regexp_split_to_array(v_token, '\.+') loop
        continue when char_length(v_word) < 2
          or v_word in ('de', 'del', 'la', 'las', 'el', 'los', 'en', 'al', 'para', 'por', 'un', 'und', 'unid', 'uds', 'ud',
                        'unidad', 'unidades');
        v_terms := v_terms || ('w:' || v_word);
      end loop;
    end if;
  end loop;
  return array(select distinct t from unnest(v_terms) as t order by t);
end;
$$;
comment on function private.invoice_terms(text) is
  'A product or invoice description as match terms: w:<word> (lower case, no accents, 2+ characters, filler words dropped), s:<unit><amount> (sizes in g, ml, cm, w or oz: "1KG" and "1000 g" are both s:g1000), n:<number> (numbers as written), p:<count> (packs: x12, c/12, *12).';
revoke execute on function private.invoice_terms(text) from public;

-- =============================================================================
-- private.product_match_terms: each product's name as terms, indexed
-- =============================================================================
create table private.product_match_terms (
  product_id uuid primary key references public.products (id) on delete cascade,
  terms tsvector not null
);
comment on table private.product_match_terms is
  'Each product''s name as private.invoice_terms, one lexeme per term (array_to_tsvector, nothing parsed or stemmed), so invoice lines find their candidates through a GIN index. Kept by a trigger on products.';
create index product_match_terms_terms_idx on private.product_match_terms using gin (terms);
revoke all on table private.product_match_terms from public;

create table private.match_words (
  word text primary key
);
comment on table private.match_words is
  'Every word (w: term) of every product name: what an invoice''s word is expanded to, whole, by its beginning (an abbreviation) or by trigram similarity (a typo). A few thousand words, however many products; never shrinks.';
-- GiST, not GIN: the nearest words by similarity come straight from the index (ORDER BY <->).
create index match_words_trgm_idx on private.match_words using gist (word extensions.gist_trgm_ops);
revoke all on table private.match_words from public;

-- security definer: whoever may edit a product name updates its terms, which no API role may write.
create function private.products_index_match_terms() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_terms text[] := private.invoice_terms(new.name);
begin
  insert into private.product_match_terms (product_id, terms)
  values (new.id, array_to_tsvector(v_terms))
  on conflict (product_id) do update set terms = excluded.terms;
  insert into private.match_words (word)
  select substr(t, 3) from unnest(v_terms) as t where t like 'w:%'
  on conflict do nothing;
  return null;
end;
$$;
comment on function private.products_index_match_terms() is
  'Trigger: keeps private.product_match_terms and private.match_words in step with product names.';
revoke execute on function private.products_index_match_terms() from public;

create trigger products_index_match_terms
  after insert or update of name on public.products
  for each row execute function private.products_index_match_terms();

insert into private.product_match_terms (product_id, terms)
select p.id, array_to_tsvector(private.invoice_terms(p.name)) from public.products p;
insert into private.match_words (word)
select distinct substr(t.term, 3)
  from private.product_match_terms pmt cross join unnest(tsvector_to_array(pmt.terms)) as t(term)
 where t.term like 'w:%';

-- =============================================================================
-- The name candidates of one line
-- =============================================================================
-- Each word of the line stands for the dictionary words it may be: itself,
-- the words it begins (an abbreviation: azuc → azucar, 3+ letters), and its
-- nearest words by trigram similarity (a typo: lazaroni → lazzaroni). A
-- candidate has every such group of the line, those of the line's size
-- first (or all groups but one, or, failing that, any); each is scored on how
-- much of the line it covers, how much of its own name the line covers, its
-- size and its pack.
create function private.name_candidates(terms text[], result_limit integer default 3)
returns table (product_id uuid, score numeric, why text)
language plpgsql
stable
security invoker
set search_path = ''
-- A typo keeps few trigrams of a short word; below 0.4 the neighbours are noise.
set pg_trgm.similarity_threshold = 0.4
as $$
declare
  v_words text[] := array(select substr(t, 3) from unnest(terms) as t where t like 'w:%');
  v_sizes text[] := array(select t from unnest(terms) as t where t like 's:%');
  v_numbers text[] := array(select t from unnest(terms) as t where t like 'n:%');
  v_packs text[] := array(select t from unnest(terms) as t where t like 'p:%');
  v_word_n integer[];
  v_dwords text[];
  v_scores numeric[];
  v_groups text[];
  v_live integer;
  v_weight numeric;
  v_query tsquery;
  v_size_query tsquery;
  v_step tsquery;
  v_ids uuid[] := '{}';
begin
  if cardinality(v_words) = 0 then
    return;
  end if;
  select array_agg(e.n order by e.n, e.score desc), array_agg(e.dword order by e.n, e.score desc),
         array_agg(e.score order by e.n, e.score desc)
    into v_word_n, v_dwords, v_scores
    from (
      select distinct on (w.n, d.word) w.n, d.word as dword, d.score
        from unnest(v_words) with ordinality as w(word, n)
       cross join lateral (
         select mw.word, 1.0 as score from private.match_words mw where mw.word = w.word
         union all
         (select mw.word, 0.9 from private.match_words mw
           where char_length(w.word) >= 3 and mw.word like w.word || '%' and mw.word <> w.word
           order by char_length(mw.word), mw.word limit 8)
         union all
         (select mw.word, extensions.similarity(w.word, mw.word)::numeric from private.match_words mw
           where char_length(w.word) >= 3 and mw.word operator(extensions.%) w.word and mw.word <> w.word
           order by mw.word operator(extensions.<->) w.word limit 5)
       ) d
       order by w.n, d.word, d.score desc
    ) e;
  if v_word_n is null then
    return;
  end if;
  -- one tsquery group per line word that has dictionary words: ('w:azucar' | 'w:azucares')
  select array_agg(g.alternatives order by g.n) into v_groups
    from (select x.n, '(' || string_agg(quote_literal('w:' || x.dword), ' | ') || ')' as alternatives
            from unnest(v_word_n, v_dwords) as x(n, dword) group by x.n) g;
  v_live := cardinality(v_groups);
  -- a line word no product has counts a quarter against the cover ("CJ", "BOTELLA")
  v_weight := v_live + 0.25 * (cardinality(v_words) - v_live);

  -- Candidates, at most 60 a step: those with every group (and the line's
  -- size, or its numbers, first: they tell apart the sizes of one product,
  -- and there may be hundreds of them); else all groups but one (a word the product does not
  -- have: "BLANCA", "RETORNABLE"); else, when nothing was found, any group,
  -- the most groups first.
  -- (a line without a unit still has its numbers: "100 HOJAS", "SINGANI 750")
  if cardinality(v_sizes) > 0 or cardinality(v_numbers) > 0 then
    v_size_query := array_to_string(array(select quote_literal(x)
                                             from unnest(case when cardinality(v_sizes) > 0 then v_sizes else v_numbers end) as x),
                                    ' | ')::tsquery;
  end if;
  v_query := array_to_string(v_groups, ' & ')::tsquery;
  foreach v_step in array array[v_query && v_size_query, v_query] loop
    continue when v_step is null or cardinality(v_ids) >= result_limit;
    select v_ids || coalesce(array_agg(m.product_id), '{}') into v_ids
      from (select pmt.product_id from private.product_match_terms pmt
             where pmt.terms @@ v_step and not (pmt.product_id = any (v_ids)) limit 60) m;
  end loop;
  if cardinality(v_ids) < result_limit and v_live >= 3 then
    v_query := (select string_agg('(' || array_to_string(v_groups[:i - 1] || v_groups[i + 1:], ' & ') || ')', ' | ')
                  from generate_series(1, v_live) as i)::tsquery;
    foreach v_step in array array[v_query && v_size_query, v_query] loop
      continue when v_step is null or cardinality(v_ids) >= result_limit;
      select v_ids || coalesce(array_agg(m.product_id), '{}') into v_ids
        from (select pmt.product_id from private.product_match_terms pmt
               where pmt.terms @@ v_step and not (pmt.product_id = any (v_ids)) limit 60) m;
    end loop;
  end if;
  if cardinality(v_ids) = 0 then
    v_query := array_to_string(v_groups, ' | ')::tsquery;
    select coalesce(array_agg(m.product_id), '{}') into v_ids
      from (select pmt.product_id from private.product_match_terms pmt
             where pmt.terms @@ v_query
             order by ts_rank(pmt.terms, v_query) desc, pmt.product_id limit 60) m;
  end if;

  -- Each distinct set of terms is scored once (products named alike score alike).
  return query
  with cand as (
    select row_number() over (order by g.terms) as k, g.ids, tsvector_to_array(g.terms) as t
      from (select pmt.terms, array_agg(pmt.product_id) as ids
              from private.product_match_terms pmt where pmt.product_id = any (v_ids)
             group by pmt.terms) g
  ),
  expansions as (
    select x.n, x.dword, x.score from unnest(v_word_n, v_dwords, v_scores) as x(n, dword, score)
  ),
  product_words as (
    select c.k, substr(x.term, 3) as pword from cand c cross join unnest(c.t) as x(term) where x.term like 'w:%'
  ),
  -- the best dictionary word of each line word in each candidate
  pairs as (
    select distinct on (pw.k, e.n) pw.k, e.n, pw.pword, e.score
      from product_words pw join expansions e on e.dword = pw.pword
     order by pw.k, e.n, e.score desc, pw.pword
  ),
  line_cover as (
    select p.k, sum(p.score) / v_weight as cover,
           string_agg(case when w.word = p.pword then p.pword else w.word || '→' || p.pword end, ', ' order by p.n)
             as matched
      from pairs p join unnest(v_words) with ordinality as w(word, n) on w.n = p.n
     group by p.k
  ),
  name_cover as (
    select pw.k, count(*) filter (where pw.pword = any (v_dwords))::numeric / count(*) as cover
      from product_words pw group by pw.k
  ),
  scored as (
    select c.k, c.ids, coalesce(lc.cover, 0) as line_cover, coalesce(nc.cover, 0) as name_cover, lc.matched,
           case
             when cardinality(v_sizes) > 0 and exists (select from unnest(c.t) x where x like 's:%')
               then case when v_sizes && c.t then 1.0 else 0.0 end
             when cardinality(v_numbers) > 0 and exists (select from unnest(c.t) x where x like 'n:%')
               then case when v_numbers && c.t then 0.9 else 0.2 end
             else 0.5 end as size_fit,
           case
             when exists (select from unnest(c.t) x where x like 'p:%')
               then case when v_packs && c.t then 1.0 when cardinality(v_packs) = 0 then 0.6 else 0.3 end
             when cardinality(v_packs) > 0 then 0.8
             else 1.0 end as pack_fit,
           (select string_agg(substr(x, 3), ' ' order by x) from unnest(c.t) x where x like 's:%' and x = any (v_sizes))
             as size_matched
      from cand c
      left join line_cover lc on lc.k = c.k
      left join name_cover nc on nc.k = c.k
  )
  select pr.id,
         round(0.55 * s.line_cover + 0.20 * s.name_cover + 0.18 * s.size_fit + 0.07 * s.pack_fit, 4),
         'name: ' || coalesce(s.matched, '') || case when s.size_matched is not null then '; size ' || s.size_matched else '' end
    from scored s
    join public.products pr on pr.id = any (s.ids)
   order by 2 desc, pr.is_active desc, char_length(pr.name), pr.sku
   limit result_limit;
end;
$$;
comment on function private.name_candidates(text[], integer) is
  'The best products for an invoice line''s terms, by name: score = 0.55 × the share of the line''s words found + 0.20 × the share of the product''s words found + 0.18 × the size fit + 0.07 × the pack fit, with why (the words matched, the size).';
revoke execute on function private.name_candidates(text[], integer) from public;

-- =============================================================================
-- match_invoice_lines
-- =============================================================================
-- Security definer: it reads the terms index and the suppliers' codes and
-- last unit costs, which API roles do not read; it checks the role first and
-- shows the cost to managers and admins only.
create function public.match_invoice_lines(supplier_id uuid, lines jsonb) returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_supplier public.suppliers;
  v_with_cost boolean;
  v_line jsonb;
  v_n integer := 0;
  v_count integer;
  v_description text;
  v_sku text;
  v_barcode text;
  v_quantity integer;
  v_cost numeric;
  v_candidates jsonb;
  v_result jsonb := '[]';
begin
  -- Viewers too: it reads the catalog and the suppliers' codes, which every role reads (costs are a manager's).
  perform private.require_role('viewer', 'match an invoice');
  if match_invoice_lines.supplier_id is not null then
    v_supplier := private.find_supplier(match_invoice_lines.supplier_id);
  end if;
  v_with_cost := private.has_role('manager');
  if lines is null or jsonb_typeof(lines) <> 'array' then
    perform private.raise('VALIDATION_ERROR',
      'lines must be an array of {description, supplier_sku?, barcode?, quantity?, unit_cost?}.', '{"field": "lines"}');
  end if;
  v_count := jsonb_array_length(lines);
  if v_count = 0 or v_count > 200 then
    perform private.raise('VALIDATION_ERROR', format('An invoice has 1 to 200 lines (got %s).', v_count),
      '{"field": "lines"}');
  end if;

  for v_line in select e.value from jsonb_array_elements(lines) as e loop
    v_n := v_n + 1;
    if jsonb_typeof(v_line) <> 'object' then
      perform private.raise_on_line('VALIDATION_ERROR', v_n, 'each line must be an object.');
    end if;
    if v_line - array['description', 'supplier_sku', 'barcode', 'quantity', 'unit_cost'] <> '{}'::jsonb then
      perform private.raise_on_line('VALIDATION_ERROR', v_n,
        'only description, supplier_sku, barcode, quantity and unit_cost are allowed.');
    end if;
    if (v_line ? 'description' and jsonb_typeof(v_line -> 'description') not in ('string', 'null'))
       or (v_line ? 'supplier_sku' and jsonb_typeof(v_line -> 'supplier_sku') not in ('string', 'null'))
       or (v_line ? 'barcode' and jsonb_typeof(v_line -> 'barcode') not in ('string', 'null')) then
      perform private.raise_on_line('VALIDATION_ERROR', v_n, 'description, supplier_sku and barcode are text.');
    end if;
    v_description := private.trim_text(v_line ->> 'description');
    if char_length(v_description) > 300 then
      perform private.raise_on_line('VALIDATION_ERROR', v_n, 'description is at most 300 characters.',
        '{"field": "description"}');
    end if;
    v_sku := private.supplier_sku(v_line ->> 'supplier_sku');
    if char_length(v_sku) > 50 then
      perform private.raise_on_line('VALIDATION_ERROR', v_n, 'supplier_sku is at most 50 characters.',
        '{"field": "supplier_sku"}');
    end if;
    v_barcode := regexp_replace(coalesce(private.trim_text(v_line ->> 'barcode'), ''), '[[:space:]]+', '', 'g');
    v_barcode := nullif(v_barcode, '');
    if v_barcode !~ '^[0-9A-Za-z-]{1,64}$' then
      perform private.raise_on_line('VALIDATION_ERROR', v_n, 'barcode is letters, digits and -, at most 64.',
        '{"field": "barcode"}');
    end if;
    if v_description is null and v_sku is null and v_barcode is null then
      perform private.raise_on_line('VALIDATION_ERROR', v_n, 'a line needs a description, a supplier_sku or a barcode.',
        '{"field": "description"}');
    end if;
    v_quantity := null;
    if v_line ? 'quantity' and jsonb_typeof(v_line -> 'quantity') <> 'null' then
      v_quantity := private.check_quantity(private.number_from_json(v_line -> 'quantity'), 1, 'quantity', v_n);
    end if;
    v_cost := private.money_from_json(v_line -> 'unit_cost', 'unit_cost', v_n);

    with code_matches as (
      -- the supplier's own code, learned from a receipt: certain
      select sp.product_id, 1.0 as confidence, 'SUPPLIER_SKU' as match,
             format('the supplier''s code %s, learned from an earlier receipt', sp.supplier_sku) as why, 1 as rank
        from public.supplier_products sp
       where v_sku is not null and sp.supplier_id = v_supplier.id and sp.supplier_sku = v_sku
      union all
      -- the barcode printed on the product: certain
      select p.id, 1.0, 'BARCODE', format('barcode %s', p.barcode), 2
        from public.products p
       where v_barcode is not null and p.barcode = v_barcode
    ),
    name_matches as (
      select c.product_id, round(0.95 * c.score, 2) as confidence, 'NAME' as match, c.why, 3 as rank, c.score
        from private.name_candidates(private.invoice_terms(v_description), 3) c
       where v_description is not null
    ),
    best as (
      select distinct on (m.product_id) m.product_id, m.confidence, m.match, m.why, m.rank, m.order_key
        from (select cm.*, cm.rank::numeric as order_key from code_matches cm
              union all
              select nm.product_id, nm.confidence, nm.match, nm.why, nm.rank, 3 - nm.score from name_matches nm) m
       order by m.product_id, m.rank
    ),
    top as (
      select b.* from best b order by b.order_key, b.product_id limit 3
    )
    select coalesce(jsonb_agg(jsonb_build_object(
             'product_id', p.id,
             'sku', p.sku,
             'name', p.name,
             'is_active', p.is_active,
             'confidence', t.confidence,
             'match', t.match,
             'why', t.why,
             'supplier_sku', sp.supplier_sku,
             'last_unit_cost', case when v_with_cost then sp.last_unit_cost end)
           order by t.order_key, t.product_id), '[]'::jsonb)
      into v_candidates
      from top t
      join public.products p on p.id = t.product_id
      left join public.supplier_products sp on sp.supplier_id = v_supplier.id and sp.product_id = p.id;

    v_result := v_result || jsonb_build_array(jsonb_build_object(
      'line', v_n,
      'description', v_description,
      'supplier_sku', v_sku,
      'barcode', v_barcode,
      'quantity', v_quantity,
      'unit_cost', v_cost,
      'candidates', v_candidates));
  end loop;
  return v_result;
end;
$$;
comment on function public.match_invoice_lines(uuid, jsonb) is
  'For each line of a supplier''s invoice [{description, supplier_sku?, barcode?, quantity?, unit_cost?}] (1..200), up to 3 products with a confidence from 0 to 1 and why: the supplier''s code learned from a receipt or the barcode (1, certain), else the name compared term by term — abbreviations, missing accents, word order, sizes in any unit and pack counts tolerated (at most 0.95). supplier_id may be null (no supplier codes then). last_unit_cost (the supplier''s, from its last receipt) for managers and admins only. Viewers and above.';
revoke execute on function public.match_invoice_lines(uuid, jsonb) from public, anon;
grant execute on function public.match_invoice_lines(uuid, jsonb) to authenticated, service_role;
