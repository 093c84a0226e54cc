-- Search as the counter types: the store's front end searches after two
-- characters, and "galle" found only typo guesses ("Agua Vital con Gas"
-- before "Galletas") until the whole word "galletas" was typed. The last word
-- of a term may now be the start of a word of a name. Otherwise the same
-- function as 20261129000550.

create or replace function public.search_products(search_term text, result_limit integer default 20, include_inactive boolean default false)
returns table (
  id uuid,
  sku text,
  barcode text,
  name text,
  description text,
  category_id uuid,
  category jsonb,
  unit_price numeric,
  cost_price numeric,
  current_stock integer,
  min_stock_level integer,
  is_active boolean,
  created_at timestamptz,
  updated_at timestamptz,
  relevance real
)
language plpgsql
stable
-- Security definer, with the role matrix checked below instead of by RLS:
-- under RLS, Postgres may not use an index for a non-leakproof operator such
-- as full text's @@, and every search became a scan of the whole catalog.
security definer
set search_path = ''
-- A misspelt word is corrected to the nearest words of the product names by
-- trigram similarity: a transposition in a short word keeps few trigrams
-- ("aciete" vs "aceite" scores 0.27), so the threshold is 0.25.
set pg_trgm.similarity_threshold = 0.25
as $$
#variable_conflict use_column
declare
  v_limit integer := least(greatest(coalesce(result_limit, 20), 1), 100);
  v_inactive boolean := coalesce(include_inactive, false);
  v_sees_cost boolean;
  v_raw text;
  v_norm text;
  v_lexemes text[];
  v_query tsquery;
  v_name_query tsquery;
  v_words text[];
  v_every_word boolean;
  v_guess tsquery;
  v_whole tsquery;
  v_typing tsquery;
  v_similarity real;
  v_category record;
  v_exact boolean := false;
  -- what each step found: product ids and their relevance
  v_ids uuid[] := '{}';
  v_scores real[] := '{}';
begin
  -- What the products policy allows: no role, no rows.
  if not private.has_role('viewer') then
    return;
  end if;
  v_sees_cost := private.has_role('manager');

  -- 1. The term, bounded. Trim every kind of white space, not only spaces: a
  -- barcode scanner ends the code it types with Enter (\r\n) or Tab, and text
  -- pasted from the web brings no-break spaces. At most 1,000 characters are
  -- read and 200 normalised characters searched: folding can lengthen a
  -- character (`⑽` is `(10)`), so the cap applies after it.
  v_raw := btrim(left(coalesce(search_term, ''), 1000), E' \t\n\r\f\u000B\u00A0');
  if v_raw = '' then
    return;
  end if;
  v_norm := private.normalize_text(v_raw);
  if char_length(v_norm) > 200 then
    -- A word the cap cuts in two is left out.
    v_norm := case when substr(v_norm, 201, 1) ~ '[a-z0-9]'
                   then regexp_replace(left(v_norm, 200), '[a-z0-9]+$', '')
                   else left(v_norm, 200) end;
  end if;
  -- Each word once, in the order first typed ("leche leche pil" is "leche pil").
  v_norm := coalesce((select string_agg(t.word, ' ' order by t.n)
                        from (select x.word, min(x.n) as n
                                from regexp_split_to_table(v_norm, '\s+') with ordinality as x(word, n)
                               where x.word <> ''
                               group by x.word) t), '');

  -- 2. Exact SKU or barcode (unique indexes): relevance 1.
  if char_length(v_raw) <= 64 then
    select coalesce(array_agg(e.id), '{}'), coalesce(array_agg(1::real), '{}')
      into v_ids, v_scores
      from (select p.id from public.products p
             where p.sku = upper(v_raw) and (p.is_active or v_inactive)
            union
            select p.id from public.products p
             where p.barcode = v_raw and (p.is_active or v_inactive)) e;
    v_exact := cardinality(v_ids) > 0;
  end if;

  -- 3. Spanish full text over each distinct stem of the term (stemmed:
  -- "galletas" finds "Galleta"; a stem typed twice is looked up once). A
  -- product named by the words ranks above one whose description has them
  -- (0.55–0.69), and a name that starts with the term above other names
  -- (0.85–0.99 against 0.7–0.84).
  v_lexemes := tsvector_to_array(to_tsvector('spanish'::regconfig, v_norm));
  v_query := private.lexeme_query(v_lexemes);
  v_name_query := private.lexeme_query(v_lexemes, 'A');
  if v_query is not null then
    select v_ids || coalesce(array_agg(w.id), '{}'), v_scores || coalesce(array_agg(w.score), '{}')
      into v_ids, v_scores
      from (select p.id,
                   (case when p.search_vector @@ v_name_query
                         then case when starts_with(p.search_text, v_norm) then 0.85 else 0.7 end
                         else 0.55 end
                    + 0.14 * ts_rank(p.search_vector, v_query, 32))::real as score
              from public.products p
             where p.search_vector @@ v_query and (p.is_active or v_inactive)
             order by 2 desc, p.name, p.id
             limit v_limit) w;

    -- 4. The category's name, when the words found fewer rows than asked for
    -- (a category match ranks below every word match, 0.4–0.54, so it could
    -- not enter a full page): a product whose category is named by some of
    -- the words and whose own words have the rest ("lacteos", "lacteos pil").
    if (select count(distinct f) from unnest(v_ids) as f) < v_limit then
      for v_category in
        select c.id,
               private.lexeme_query(array(select l from unnest(v_lexemes) as l where l <> all (cl.lexemes))) as rest
          from public.categories c
         cross join lateral (
           select tsvector_to_array(to_tsvector('spanish'::regconfig,
                    lower(extensions.unaccent('extensions.unaccent'::regdictionary, c.name)))) as lexemes
         ) cl
         where cl.lexemes && v_lexemes
      loop
        -- One statement per category, planned for it: the category's own
        -- rows, narrowed by the full-text index when words are left over.
        if v_category.rest is null then
          select v_ids || coalesce(array_agg(k.id), '{}'), v_scores || coalesce(array_agg(0.4::real), '{}')
            into v_ids, v_scores
            from (select p.id from public.products p
                   where p.category_id = v_category.id and (p.is_active or v_inactive)
                   order by p.name, p.id
                   limit v_limit) k;
        else
          select v_ids || coalesce(array_agg(k.id), '{}'), v_scores || coalesce(array_agg(k.score), '{}')
            into v_ids, v_scores
            from (select p.id, (0.4 + 0.14 * ts_rank(p.search_vector, v_category.rest, 32))::real as score
                    from public.products p
                   where p.category_id = v_category.id and p.search_vector @@ v_category.rest
                     and (p.is_active or v_inactive)
                   order by 2 desc, p.name, p.id
                   limit v_limit) k;
        end if;
      end loop;
    end if;
  end if;

  -- 4b. As you type: when the words found fewer rows than asked for, the
  -- last word of the term (3+ letters) may be the start of a word of a name
  -- ("galle" is Galletas before "galletas" is typed) and the others whole
  -- words of it, as typed. A name match (0.85 when the name starts with the
  -- term, else 0.7), never above the same name found by whole words. Terms of
  -- more than 5 words are not being typed word by word: left out.
  if (select count(distinct f) from unnest(v_ids) as f) < v_limit then
    select case when count(*) between 1 and 5 and char_length((array_agg(w.lexeme order by w.positions[1] desc))[1]) >= 3
                then (coalesce(private.lexeme_query((array_agg(w.lexeme order by w.positions[1]))[1:count(*) - 1])::text || ' & ', '')
                      || private.quote_lexeme((array_agg(w.lexeme order by w.positions[1] desc))[1]) || ':*')::tsquery
           end
      into v_typing
      from unnest(to_tsvector('simple'::regconfig, v_norm)) as w;
    if v_typing is not null then
      -- Materialized: a short start ("gal") meets many names, each scored
      -- once, then the best page taken.
      with typed as materialized (
        select p.id, p.name,
               (case when starts_with(p.search_text, v_norm) then 0.85 else 0.7 end)::real as score
          from public.products p
         where p.name_words @@ v_typing and (p.is_active or v_inactive)
      )
      select v_ids || coalesce(array_agg(t.id), '{}'), v_scores || coalesce(array_agg(t.score), '{}')
        into v_ids, v_scores
        from (select t.id, t.score from typed t order by t.score desc, t.name, t.id limit v_limit) t;
    end if;
  end if;

  -- 5. Only when there is no exact code and the words found fewer rows than
  -- asked for: the first 5 distinct words of the term (2+ letters) are each
  -- replaced by up to 3 nearest words of product names ("aciete" → aceite,
  -- "galetas" → galletas), found by walking the GiST index in distance order,
  -- and matched as whole words, so a stop word ("té", "para ti") that full
  -- text drops is still found. A name holding every word of the term as
  -- typed is a word match (0.7, or 0.85 when it starts with the term);
  -- anything else is a guess, 0.39 × the words' mean similarity (below 0.4).
  -- A word with no near word is left out of the guess.
  if not v_exact and (select count(distinct f) from unnest(v_ids) as f) < v_limit then
    select array_agg(w.lexeme order by w.positions[1])
      into v_words
      from unnest(to_tsvector('simple'::regconfig, v_norm)) as w
     where char_length(w.lexeme) >= 2;
    v_every_word := coalesce(cardinality(v_words), 0) <= 5;
    v_words := v_words[1:5];
    if coalesce(cardinality(v_words), 0) > 0 then
      select ('(' || string_agg(a.alternatives, ') & (') || ')')::tsquery, avg(a.best)
        into v_guess, v_similarity
        from (select tw.n, string_agg(private.quote_lexeme(c.word), ' | ') as alternatives, max(c.similarity) as best
                from unnest(v_words) with ordinality as tw(word, n)
               cross join lateral (
                 select sw.word, extensions.similarity(tw.word, sw.word) as similarity
                   from private.search_words sw
                  where tw.word operator(extensions.%) sw.word
                  order by tw.word operator(extensions.<->) sw.word, sw.word
                  limit 3
               ) c
               group by tw.n) a
      having count(*) > 0;
      v_whole := case when v_every_word then private.lexeme_query(v_words) end;
      if v_guess is not null then
        -- Materialized: every guess may score the same, and the planner would
        -- then walk the products in name order hoping to meet matches early.
        with guessed as materialized (
          select p.id, p.name,
                 (case when p.name_words @@ v_whole
                       then case when starts_with(p.search_text, v_norm) then 0.85 else 0.7 end
                       else 0.39 * v_similarity end)::real as score
            from public.products p
           where p.name_words @@ v_guess and (p.is_active or v_inactive)
        )
        select v_ids || coalesce(array_agg(t.id), '{}'), v_scores || coalesce(array_agg(t.score), '{}')
          into v_ids, v_scores
          from (select g.id, g.score from guessed g order by g.score desc, g.name, g.id limit v_limit) t;
      end if;
    end if;
  end if;

  -- 6. The page: each product once, at its best relevance; full rows only for
  -- the rows returned. Cost prices are for managers and admins.
  return query
  select p.id, p.sku, p.barcode, p.name, p.description, p.category_id,
         case when c.id is null then null
              else jsonb_build_object('id', c.id, 'name', c.name, 'description', c.description) end,
         p.unit_price,
         case when v_sees_cost then p.cost_price end,
         p.current_stock, p.min_stock_level, p.is_active,
         p.created_at, p.updated_at, b.relevance
    from (select h.id, max(h.score) as relevance
            from unnest(v_ids, v_scores) as h(id, score)
           group by h.id) b
    join public.products p on p.id = b.id
    left join public.categories c on c.id = p.category_id
   order by b.relevance desc, p.name, p.id
   limit v_limit;
end;
$$;
comment on function public.search_products(text, integer, boolean) is
  'One call for the search box, relevance from 0 to 1: exact SKU/barcode (1); Spanish full text, names (0.7–0.99) above descriptions (0.55–0.69); the category''s name (0.4–0.54); as you type, the last word (3+ letters) as the start of a word of a name (0.7 or 0.85); then, when those find fewer rows than asked for, up to 5 words corrected to the nearest words of product names (a guess: below 0.4). Accent- and typo-tolerant; the first 200 normalised characters are searched; blank input returns nothing; result_limit is clamped to 1..100; cost_price only for managers and admins.';
revoke execute on function public.search_products(text, integer, boolean) from public, anon;
grant execute on function public.search_products(text, integer, boolean) to authenticated, service_role;
