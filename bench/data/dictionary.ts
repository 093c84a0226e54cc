import type postgres from "postgres";

/** Spanish-looking syllables, without accents or ñ, as the dictionary holds its words. */
const SYLLABLES = (
  "ba be bi bo bu ca ce ci co cu cha che chi cho da de di do du fa fe fi fo ga go gu ja je jo ju " +
  "la le li lo lu lla lle llo ma me mi mo mu na ne ni no nu pa pe pi po pu que qui ra re ri ro ru " +
  "rra rre rro sa se si so su ta te ti to tu va ve vi vo ya yo za zo bra bre bri cra cre cri tra tre " +
  "tri pla ple pli gra gre gri fla flo"
).split(" ");

/**
 * Fills the search dictionary (`private.search_words`) up to `size` words:
 * the words of the store's product names (already there) and made-up
 * Spanish-looking words of 2–4 syllables, some with a final n, s, r or l
 * ("micadinus", "pleque", "chetrefiber"), as a bigger catalog's brands and
 * names would bring. They share trigrams with real words, so a correction
 * has as many near candidates to rank as in a 20,000-word store; they name
 * no product, so a correction to one finds nothing and the products are
 * those of the other scenarios. Deterministic for a seed; set-based, as the
 * superuser (the trigger that keeps the dictionary is the only other
 * writer). Returns the dictionary's size.
 */
export async function fillSearchDictionary(sql: postgres.Sql, size: number, seed: number): Promise<number> {
  await sql`
    insert into private.search_words (word)
    select c.word
      from (select distinct on (w.word) w.word, w.i
              from generate_series(1, ${size * 3}) as i
             cross join lateral (
               select i,
                      (select string_agg(s.syllables[1 + (hashint8extended(i * 8 + k, ${seed}) & 2147483647) % cardinality(s.syllables)], '' order by k)
                         from generate_series(1, 2 + ((hashint8extended(i, ${seed} + 1) & 2147483647) % 3)::int) as k)
                      || (array['', '', '', 'n', 's', 'r', 'l'])[1 + (hashint8extended(i, ${seed} + 2) & 2147483647) % 7] as word
                 from (select ${SYLLABLES}::text[] as syllables) s
             ) w
             order by w.word, w.i) c
     where not exists (select from private.search_words sw where sw.word = c.word)
     order by c.i
     limit greatest(0, ${size} - (select count(*) from private.search_words))
  `;
  await sql`analyze private.search_words`;
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from private.search_words`;
  return row?.n ?? 0;
}
