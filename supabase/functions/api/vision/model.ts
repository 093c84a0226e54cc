/**
 * What the invoice import needs from a vision model, whatever serves it: read
 * one photographed invoice, and suggest product names. `gemini.ts` speaks
 * Gemini's REST API; another provider is another implementation of this.
 */

import type { AutocompleteSuggestion } from "../../_shared/api-responses.ts";

export type ImageType = "image/jpeg" | "image/png" | "image/webp";

export interface InvoiceImage {
  bytes: Uint8Array;
  type: ImageType;
}

/** One line of an invoice as the model read it (numbers as written; nulls where it could not read). */
interface ReadLine {
  quantity: number | null;
  description: string;
  unit_price: number | null;
  total_price: number | null;
  category: string | null;
}

export interface ReadInvoice {
  supplier_name: string | null;
  invoice_number: string | null;
  invoice_date: string | null;
  lines: ReadLine[];
}

export interface VisionModel {
  /** The model's name, as the health check reports it. */
  readonly model: string;
  /** The invoice in one image; `categories` are the catalog's, for the model to suggest from. */
  readInvoice(image: InvoiceImage, categories: string[]): Promise<ReadInvoice>;
  /** Up to 5 product names and descriptions that complete `partialText`. */
  suggestProducts(partialText: string, context: string | null, categories: string[]): Promise<AutocompleteSuggestion[]>;
}

/** The model failed or answered something unreadable (mapped to AI_PROVIDER_ERROR). */
export class VisionModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VisionModelError";
  }
}
