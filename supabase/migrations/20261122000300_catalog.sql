-- What the store sells: categories and products, read and edited by front
-- ends through plain PostgREST. Clients write only the catalog columns their
-- role allows (column-listed grants); `current_stock` is written by the
-- stock RPCs alone. Search and the low-stock view live here too.

-- =============================================================================
-- Extensions for search (Supabase keeps them in `extensions`)
-- =============================================================================
create extension if not exists pg_trgm with schema extensions;
create extension if not exists unaccent with schema extensions;

create function private.normalize_text(value text) returns text
language sql
immutable
parallel safe
security invoker
set search_path = ''
as $$
  select lower(extensions.unaccent('extensions.unaccent'::regdictionary, coalesce(value, '')))
$$;
comment on function private.normalize_text(text) is
  'Lower case without accents (Azúcar → azucar): what search compares. Immutable so indexes and generated columns can use it.';
revoke execute on function private.normalize_text(text) from public;
grant execute on function private.normalize_text(text) to authenticated, service_role;

-- =============================================================================
-- categories
-- =============================================================================
create table public.categories (
  id uuid primary key default gen_random_uuid(),
  name text not null constraint categories_name_length check (char_length(name) <= 100 and btrim(name) <> ''),
  description text constraint categories_description_length check (char_length(description) <= 500),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.categories is 'Product categories (Abarrotes, Bebidas, …). Names are unique regardless of case.';
create unique index categories_name_key on public.categories (lower(btrim(name)));

create trigger categories_set_updated_at
  before update on public.categories
  for each row execute function private.set_updated_at();

-- =============================================================================
-- products
-- =============================================================================
create table public.products (
  id uuid primary key default gen_random_uuid(),
  sku text not null constraint products_sku_format check (sku ~ '^[A-Z0-9-]{1,50}$'),
  barcode text constraint products_barcode_format check (barcode ~ '^[0-9A-Za-z-]{1,64}$'),
  name text not null constraint products_name_length check (char_length(name) <= 200 and btrim(name) <> ''),
  description text constraint products_description_length check (char_length(description) <= 2000),
  category_id uuid references public.categories (id) on delete restrict,
  -- Money is never negative and never NaN: numeric accepts 'NaN', and NaN sorts
  -- above every number, so `>= 0` alone would let it through.
  unit_price numeric(12, 2) not null default 0
    constraint products_unit_price_non_negative check (unit_price >= 0 and unit_price <> 'NaN'),
  cost_price numeric(12, 2) not null default 0
    constraint products_cost_price_non_negative check (cost_price >= 0 and cost_price <> 'NaN'),
  current_stock integer not null default 0
    constraint products_current_stock_range check (current_stock >= 0 and current_stock <= 1000000000),
  min_stock_level integer not null default 0
    constraint products_min_stock_level_range check (min_stock_level >= 0 and min_stock_level <= 1000000),
  is_active boolean not null default true,
  search_text text generated always as (private.normalize_text(name)) stored,
  name_words tsvector generated always as (to_tsvector('simple'::regconfig, private.normalize_text(name))) stored,
  search_vector tsvector generated always as (
    setweight(to_tsvector('spanish'::regconfig, private.normalize_text(name)), 'A')
    || setweight(to_tsvector('spanish'::regconfig, private.normalize_text(coalesce(description, ''))), 'B')
  ) stored,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint products_sku_key unique (sku),
  constraint products_barcode_key unique (barcode)
);
comment on table public.products is
  'The catalog. current_stock is kept by the stock RPCs and always equals the product''s ledger; deactivate (is_active = false) a product with history instead of deleting it.';
comment on column public.products.sku is 'Stock keeping unit: upper-case letters, digits and -, at most 50 characters.';
comment on column public.products.barcode is 'Optional EAN/UPC or in-store code, unique.';
comment on column public.products.unit_price is 'List price in the store currency (bolivianos).';
comment on column public.products.cost_price is 'What a unit costs the store; copied to each sale line so profit survives price changes.';
comment on column public.products.current_stock is 'Units on hand; written only by the stock and sale RPCs.';
comment on column public.products.min_stock_level is 'At or below this stock the product is listed as low.';
comment on column public.products.search_text is 'The name in lower case without accents.';
comment on column public.products.name_words is
  'The words of the name as they are (no stemming, no stop words dropped: "té", "para ti"), for corrected and short-word search.';
comment on column public.products.search_vector is 'Spanish full-text vector without accents: the name weighted A, the description B.';

create index products_category_id_idx on public.products (category_id);
create index products_active_name_idx on public.products (is_active, name);
create index products_unit_price_idx on public.products (unit_price);
create index products_low_stock_idx on public.products (current_stock) where is_active and current_stock <= min_stock_level;
create index products_search_vector_idx on public.products using gin (search_vector);
create index products_name_words_idx on public.products using gin (name_words);

create trigger products_set_updated_at
  before update on public.products
  for each row execute function private.set_updated_at();

-- =============================================================================
-- Deletes that would lose meaning are refused with a clear error
-- =============================================================================
create function private.categories_refuse_delete_in_use() returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
declare
  v_count bigint;
begin
  select count(*) into v_count from public.products p where p.category_id = old.id;
  if v_count > 0 then
    raise exception using errcode = 'PT409', message = 'CATEGORY_IN_USE',
      detail = format('The category "%s" still has %s product(s); move or delete them first.', old.name, v_count),
      hint = jsonb_build_object('category_id', old.id, 'products', v_count)::text;
  end if;
  return old;
end;
$$;
comment on function private.categories_refuse_delete_in_use() is 'Trigger: a category with products cannot be deleted (CATEGORY_IN_USE).';
revoke execute on function private.categories_refuse_delete_in_use() from public;

create trigger categories_refuse_delete_in_use
  before delete on public.categories
  for each row execute function private.categories_refuse_delete_in_use();

-- =============================================================================
-- Access: every role reads; managers and admins edit the catalog columns
-- =============================================================================
alter table public.categories enable row level security;
revoke all on table public.categories from anon, authenticated, service_role;
grant select, delete on table public.categories to authenticated, service_role;
grant insert (name, description), update (name, description) on table public.categories to authenticated, service_role;

create policy categories_select on public.categories
  for select to authenticated using ((select private.has_role('viewer')));
create policy categories_insert on public.categories
  for insert to authenticated with check ((select private.has_role('manager')));
create policy categories_update on public.categories
  for update to authenticated
  using ((select private.has_role('manager'))) with check ((select private.has_role('manager')));
create policy categories_delete on public.categories
  for delete to authenticated using ((select private.has_role('manager')));

alter table public.products enable row level security;
revoke all on table public.products from anon, authenticated, service_role;
grant select, delete on table public.products to authenticated, service_role;
grant insert (sku, barcode, name, description, category_id, unit_price, cost_price, min_stock_level, is_active),
  update (sku, barcode, name, description, category_id, unit_price, cost_price, min_stock_level, is_active)
  on table public.products to authenticated, service_role;

create policy products_select on public.products
  for select to authenticated using ((select private.has_role('viewer')));
create policy products_insert on public.products
  for insert to authenticated with check ((select private.has_role('manager')));
create policy products_update on public.products
  for update to authenticated
  using ((select private.has_role('manager'))) with check ((select private.has_role('manager')));
create policy products_delete on public.products
  for delete to authenticated using ((select private.has_role('manager')));

-- =============================================================================
-- search_words: every word of every product name, the dictionary typos are
-- corrected against (a few thousand words, however many products)
-- =============================================================================
create table private.search_words (
  word text primary key
);
comment on table private.search_words is
  'Distinct words (2+ letters, lower case, no accents) of product names: what a misspelt search word is matched to.';
create index search_words_trgm_idx on private.search_words using gin (word extensions.gin_trgm_ops);
revoke all on table private.search_words from public;

-- security definer: whoever may edit a product name adds its words to the
-- dictionary, which no API role may write directly.
create function private.products_index_words() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into private.search_words (word)
  select w.lexeme from unnest(new.name_words) as w
   where char_length(w.lexeme) >= 2
  on conflict do nothing;
  return null;
end;
$$;
comment on function private.products_index_words() is 'Trigger: adds the words of a product''s name to private.search_words.';
revoke execute on function private.products_index_words() from public;

create trigger products_index_words
  after insert or update of name on public.products
  for each row execute function private.products_index_words();

-- =============================================================================
-- low_stock_products: what to reorder, out-of-stock first
-- =============================================================================
create view public.low_stock_products
with (security_invoker = true)
as
select
  p.id,
  p.sku,
  p.name,
  c.name as category_name,
  p.current_stock,
  p.min_stock_level,
  p.min_stock_level - p.current_stock as units_needed
from public.products p
left join public.categories c on c.id = p.category_id
where p.is_active and p.current_stock <= p.min_stock_level
order by p.current_stock = 0 desc, p.min_stock_level - p.current_stock desc, p.name;
comment on view public.low_stock_products is
  'Active products at or below their minimum stock, out-of-stock first; units_needed is what brings each back to its minimum. Security invoker: RLS of products applies.';
revoke all on table public.low_stock_products from anon, authenticated, service_role;
grant select on table public.low_stock_products to authenticated, service_role;

-- =============================================================================
-- search_products: the counter's search box
-- =============================================================================
create function public.search_products(search_term text, result_limit integer default 20, include_inactive boolean default false)
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
language sql
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
  with input as (
    -- Trim every kind of white space, not only spaces: a barcode scanner
    -- ends the code it types with Enter (\r\n) or Tab, and text pasted from
    -- the web brings no-break spaces.
    select btrim(coalesce(search_term, ''), E' \t\n\r\f\u000B\u00A0') as raw
  ),
  term as (
    select i.raw,
           upper(i.raw) as code,
           private.normalize_text(i.raw) as norm,
           websearch_to_tsquery('spanish'::regconfig, private.normalize_text(i.raw)) as query,
           least(greatest(coalesce(result_limit, 20), 1), 100) as max_rows
      from input i
     where char_length(i.raw) between 1 and 200
       and private.has_role('viewer')  -- what the products policy allows: no role, no rows
  ),
  exact as (
    -- exact SKU or barcode (unique indexes): always first
    select p.id, p.name, p.is_active, 100::real as score from public.products p, term t where p.sku = t.code
    union
    select p.id, p.name, p.is_active, 100::real from public.products p, term t where p.barcode = t.raw
  ),
  words as (
    -- Spanish full text (stemmed: "galletas" finds "Galleta"); a product
    -- named by the words (weight A) ranks above one whose description merely
    -- has them, and a name that starts with them above the rest.
    select p.id, p.name, p.is_active,
           (10 + 10 * ts_rank(p.search_vector, t.query)
            + case when ts_filter(p.search_vector, '{a}') @@ t.query then 5 else 0 end
            + case when starts_with(p.search_text, t.norm) then 2 else 0 end)::real as score
      from public.products p, term t
     where p.search_vector @@ t.query
  ),
  corrections as (
    -- Only when there is no exact code and the words found fewer rows than
    -- asked for: each word of the term (2+ letters) is replaced by up to 3
    -- nearest words of product names ("aciete" → aceite, "galetas" →
    -- galletas), matched as whole words, so a stop word ("té", "para ti")
    -- that full text drops is still found.
    select tw.n, w.word, w.similarity
      from term t
     cross join lateral unnest(regexp_split_to_array(t.norm, '[^a-z0-9ñ]+')) with ordinality as tw(word, n)
     cross join lateral (
       select sw.word, extensions.similarity(tw.word, sw.word) as similarity
         from private.search_words sw
        where tw.word operator(extensions.%) sw.word
        order by tw.word operator(extensions.<->) sw.word, sw.word
        limit 3
     ) w
     where char_length(tw.word) >= 2
       and not exists (select from exact)
       and (select count(*) from words) < t.max_rows
  ),
  corrected as (
    select to_tsquery('simple'::regconfig, string_agg(c.alternatives, ' & ')) as query, avg(c.best) as similarity
      from (select n, '(' || string_agg(quote_literal(word), ' | ') || ')' as alternatives, max(similarity) as best
              from corrections group by n) c
    having count(*) > 0
  ),
  typos as (
    select p.id, p.name, p.is_active, (10 * c.similarity)::real as score
      from corrected c
      join public.products p on p.name_words @@ c.query
  ),
  -- Each branch carries the name it already read, so only the rows that make
  -- the page are fetched again for the answer.
  best as (
    select m.id, m.name, max(m.score) as relevance
      from (select * from exact union all select * from words union all select * from typos) m
     where m.is_active or coalesce(include_inactive, false)
     group by m.id, m.name
     order by relevance desc, m.name, m.id
     limit (select max_rows from term)
  )
  select p.id, p.sku, p.barcode, p.name, p.description, p.category_id,
         case when c.id is null then null
              else jsonb_build_object('id', c.id, 'name', c.name, 'description', c.description) end,
         p.unit_price, p.cost_price, p.current_stock, p.min_stock_level, p.is_active,
         p.created_at, p.updated_at, b.relevance
    from best b
    join public.products p on p.id = b.id
    left join public.categories c on c.id = p.category_id
   order by b.relevance desc, b.name, b.id
$$;
comment on function public.search_products(text, integer, boolean) is
  'One call for the search box: exact SKU/barcode first, then Spanish full text (names above descriptions), then, when those find fewer rows than asked for, the words corrected to the nearest words of product names by trigram similarity; accent- and typo-tolerant. Blank input returns nothing. result_limit is clamped to 1..100.';
revoke execute on function public.search_products(text, integer, boolean) from public, anon;
grant execute on function public.search_products(text, integer, boolean) to authenticated, service_role;
