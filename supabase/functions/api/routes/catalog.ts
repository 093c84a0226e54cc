import type { CatalogProduct, Category, LowStockRow, Page } from "../../_shared/responses.ts";
import { jsonBody, pathParams, queryParams } from "../../_shared/validation.ts";
import { type Routes, searchProducts } from "../context.ts";
import { ok, paged } from "../envelope.ts";
import { category, product, searchResult } from "../present.ts";
import {
  createCategoryBody,
  createProductBody,
  idParam,
  listProductsQuery,
  lowStockQuery,
  pageOnlyQuery,
  searchQuery,
  skuParam,
  updateCategoryBody,
  updateProductBody,
} from "../schemas.ts";

interface Deleted {
  id: string;
  action: "deleted" | "deactivated";
}

/**
 * `/v1/products…` and `/v1/categories…`: reads for every role, writes for
 * managers and admins — each one RPC as the caller (get_product,
 * list_products, search_products, low_stock_report, create_product,
 * update_product, delete_product and the category ones).
 */
export function catalogRoutes({ app, auth, pool }: Routes) {
  app.get("/v1/products/search", auth, queryParams(searchQuery), async (c) => {
    const { q, limit } = c.req.valid("query");
    const rows = await searchProducts(c, pool, { search_term: q, result_limit: limit }, "search the catalog");
    return ok(c, rows.map(searchResult));
  });

  app.get("/v1/products/low-stock", auth, queryParams(lowStockQuery), async (c) => {
    const { limit } = c.req.valid("query");
    return ok(c, await c.var.rpc<LowStockRow[]>("low_stock_report", { result_limit: limit }, { readOnly: true }));
  });

  app.get("/v1/products/sku/:sku", auth, pathParams(skuParam), async (c) => {
    const { sku } = c.req.valid("param");
    return ok(c, product(await c.var.rpc<CatalogProduct>("get_product", { sku }, { readOnly: true })));
  });

  app.get("/v1/products", auth, queryParams(listProductsQuery), async (c) => {
    const query = c.req.valid("query");
    const page = await c.var.rpc<Page<CatalogProduct>>("list_products", query, { readOnly: true });
    return paged(c, page, product);
  });

  app.post("/v1/products", auth, jsonBody(createProductBody), async (c) => {
    const created = await c.var.rpc<CatalogProduct>("create_product", c.req.valid("json"));
    return ok(c, product(created), { status: 201, message: "Producto creado." });
  });

  app.get("/v1/products/:id", auth, pathParams(idParam), async (c) => {
    const { id } = c.req.valid("param");
    return ok(c, product(await c.var.rpc<CatalogProduct>("get_product", { product_id: id }, { readOnly: true })));
  });

  for (const method of ["patch", "put"] as const) {
    app[method]("/v1/products/:id", auth, pathParams(idParam), jsonBody(updateProductBody), async (c) => {
      const { id } = c.req.valid("param");
      const changes = c.req.valid("json");
      const updated = await c.var.rpc<CatalogProduct>("update_product", { product_id: id, changes });
      return ok(c, product(updated), { message: "Producto actualizado." });
    });
  }

  app.delete("/v1/products/:id", auth, pathParams(idParam), async (c) => {
    const { id } = c.req.valid("param");
    const result = await c.var.rpc<Deleted>("delete_product", { product_id: id });
    const message =
      result.action === "deleted"
        ? "Producto eliminado."
        : "El producto tiene movimientos de stock: se desactivó en lugar de eliminarlo.";
    return c.json({ success: true as const, id: result.id, data: { id: result.id, action: result.action }, message });
  });

  app.get("/v1/categories", auth, queryParams(pageOnlyQuery), async (c) => {
    const page = await c.var.rpc<Page<Category>>("list_categories", c.req.valid("query"), { readOnly: true });
    return paged(c, page, category);
  });

  app.post("/v1/categories", auth, jsonBody(createCategoryBody), async (c) => {
    const created = await c.var.rpc<Category>("create_category", c.req.valid("json"));
    return ok(c, category(created), { status: 201, message: "Categoría creada." });
  });

  app.get("/v1/categories/:id", auth, pathParams(idParam), async (c) => {
    const { id } = c.req.valid("param");
    return ok(c, category(await c.var.rpc<Category>("get_category", { category_id: id }, { readOnly: true })));
  });

  for (const method of ["patch", "put"] as const) {
    app[method]("/v1/categories/:id", auth, pathParams(idParam), jsonBody(updateCategoryBody), async (c) => {
      const { id } = c.req.valid("param");
      const changes = c.req.valid("json");
      const updated = await c.var.rpc<Category>("update_category", { category_id: id, changes });
      return ok(c, category(updated), { message: "Categoría actualizada." });
    });
  }

  app.delete("/v1/categories/:id", auth, pathParams(idParam), async (c) => {
    const { id } = c.req.valid("param");
    const result = await c.var.rpc<Deleted>("delete_category", { category_id: id });
    return c.json({
      success: true as const,
      id: result.id,
      data: { id: result.id, action: result.action },
      message: "Categoría eliminada.",
    });
  });
}
