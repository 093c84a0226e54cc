import type { Context } from "hono";
import type { AutocompleteSuggestion } from "../../_shared/api-responses.ts";
import { rpc } from "../../_shared/db.ts";
import { isErrorCode } from "../../_shared/error-codes.ts";
import { AppError } from "../../_shared/errors.ts";
import type { AppEnv } from "../../_shared/http.ts";
import type { Category, ImportedProducts, Page, ResolvedCategories } from "../../_shared/responses.ts";
import { jsonBody } from "../../_shared/validation.ts";
import { elapsedMs, type Routes, requireStoreRole, searchProducts } from "../context.ts";
import { mapLimit, toDetectedCategories, toExtraction, toMatchedProduct } from "../invoices/extract.ts";
import { MAX_IMAGE_SIZE_MB, MAX_IMAGES_PER_BATCH, readImages } from "../invoices/images.ts";
import { matchLines } from "../invoices/match.ts";
import { spanishMessage } from "../messages.ts";
import { autocompleteBody, bulkCreateBody, matchProductBody } from "../schemas.ts";
import { type VisionModel, VisionModelError } from "../vision/model.ts";

/** A product bulk-create refused, for a person: the code's sentence, and the field when the database named one. */
function itemError(error: NonNullable<ImportedProducts["results"][number]["error"]>): string {
  const sentence = spanishMessage(isErrorCode(error.code) ? error.code : "INTERNAL_ERROR", undefined);
  return error.field ? `${sentence} (campo: ${error.field})` : sentence;
}

/** Images read by the model at the same time. */
const MODEL_CONCURRENCY = 4;

function modelOf(vision: VisionModel | null): VisionModel {
  if (!vision) {
    throw new AppError("AI_NOT_CONFIGURED", "Set the GEMINI_API_KEY secret of the api function to read invoices.");
  }
  return vision;
}

/** A call to the model; its failure is AI_PROVIDER_ERROR (502), its details only in the log line. */
async function asking<T>(c: Context<AppEnv>, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof VisionModelError)) throw error;
    c.set("internalError", error.message);
    throw new AppError("AI_PROVIDER_ERROR", "The vision model failed or answered something unreadable.");
  }
}

/** The catalog's category names (a role check first: FORBIDDEN before any model is asked). */
async function categoryNames(c: Context<AppEnv>): Promise<string[]> {
  const page = await c.var.rpc<Page<Category>>("list_categories", { page: 1, page_size: 100 }, { readOnly: true });
  return page.items.map((category) => category.name);
}

/**
 * The invoice import of the front end (PRD-002): `/v1/import/health`,
 * `extract-from-images` (the model reads each image; the lines are matched
 * by invoices/match.ts and the suggested categories resolved by
 * resolve_category_names), `match-products`, `autocomplete-product` and
 * `bulk-create` (import_products: each product on its own). No envelope:
 * the front end reads these answers as they are.
 */
export function importRoutes({ app, auth, pool, vision }: Routes) {
  app.get("/v1/import/health", auth, async (c) => {
    await requireStoreRole(c, "use the invoice import");
    return c.json({
      status: vision ? ("healthy" as const) : ("degraded" as const),
      ai_configured: vision !== null,
      ai_model: vision?.model ?? null,
      max_images_per_batch: MAX_IMAGES_PER_BATCH,
      max_image_size_mb: MAX_IMAGE_SIZE_MB,
    });
  });

  app.post("/v1/import/extract-from-images", auth, async (c) => {
    const started = performance.now();
    const categories = await categoryNames(c);
    const model = modelOf(vision);
    const images = await readImages(c.req.raw);
    const read = await asking(c, () =>
      mapLimit(images, MODEL_CONCURRENCY, (image) => model.readInvoice(image, categories)),
    );
    const extractions = read.map((invoice, index) => toExtraction(invoice, index));
    const products = extractions.flatMap((extraction) => extraction.products);
    const suggested = products.flatMap((product) => (product.suggested_category ? [product.suggested_category] : []));
    const { matched, resolved } = await c.var.db(
      async (tx) => ({
        matched: await matchLines(
          pool,
          tx,
          products.map((product) => ({ description: product.description, category: product.suggested_category })),
        ),
        resolved: await rpc<ResolvedCategories>(pool, tx, "resolve_category_names", {
          names: [...new Set(suggested)],
        }),
      }),
      { readOnly: true },
    );
    return c.json({
      extractions,
      matched_products: products.map((product, index) => toMatchedProduct(product, matched[index] ?? [])),
      detected_categories: toDetectedCategories(resolved, suggested),
      total_products: products.length,
      total_images_processed: images.length,
      processing_time_ms: elapsedMs(started),
    });
  });

  app.post("/v1/import/match-products", auth, jsonBody(matchProductBody), async (c) => {
    const started = performance.now();
    const { description, suggested_category = null } = c.req.valid("json");
    const [matches = []] = await c.var.db(
      (tx) => matchLines(pool, tx, [{ description, category: suggested_category }]),
      { readOnly: true },
    );
    const extracted = { quantity: 1, description, unit_price: 0, total_price: 0, suggested_category };
    return c.json({
      matched: toMatchedProduct(extracted, matches),
      processing_time_ms: elapsedMs(started),
    });
  });

  app.post("/v1/import/autocomplete-product", auth, jsonBody(autocompleteBody), async (c) => {
    const { partial_text: partialText, context = null } = c.req.valid("json");
    let suggestions: AutocompleteSuggestion[];
    if (vision) {
      const categories = await categoryNames(c);
      suggestions = await asking(c, () => vision.suggestProducts(partialText, context, categories));
    } else {
      // No model: the catalog's own names that the search box would find.
      const rows = await searchProducts(
        c,
        pool,
        { search_term: partialText, result_limit: 5 },
        "use the invoice import",
      );
      suggestions = rows.map((row) => ({
        name: row.name,
        description: row.description ?? "",
        category: row.category?.name ?? null,
      }));
    }
    return c.json({ suggestions: suggestions.slice(0, 5) });
  });

  app.post("/v1/import/bulk-create", auth, jsonBody(bulkCreateBody), async (c) => {
    const started = performance.now();
    const { products, create_missing_categories } = c.req.valid("json");
    const created = await c.var.rpc<ImportedProducts>("import_products", { products, create_missing_categories });
    return c.json(
      {
        total_requested: created.total_requested,
        total_created: created.total_created,
        total_failed: created.total_failed,
        results: created.results.map((result) => ({
          index: result.index,
          success: result.success,
          product_id: result.product_id,
          product_sku: result.product_sku,
          error: result.error ? itemError(result.error) : null,
        })),
        categories_created: created.categories_created,
        processing_time_ms: elapsedMs(started),
      },
      201,
    );
  });
}
