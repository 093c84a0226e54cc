import { z } from "zod";
import type { AutocompleteSuggestion } from "../../_shared/api-responses.ts";
import type { VisionSettings } from "../../_shared/env.ts";
import { type InvoiceImage, type ReadInvoice, type VisionModel, VisionModelError } from "./model.ts";

/** Bytes as base64 (btoa over the bytes as a binary string, a chunk at a time). */
function base64(bytes: Uint8Array): string {
  let binary = "";
  for (let at = 0; at < bytes.length; at += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  }
  return btoa(binary);
}

/** How long one call to the model may take (the front end waits 2 minutes for a whole batch). */
const CALL_TIMEOUT_MS = 60_000;
/** Lines read from one invoice at most (the PRD's 50, with room). */
const MAX_LINES = 100;

const invoicePrompt = (categories: string[]) =>
  [
    "Eres el asistente de Comercial Comarapa, una tienda de abarrotes y artículos variados en Bolivia.",
    "La imagen es una nota de venta o factura de un proveedor, a menudo escrita a mano.",
    "Extrae cada línea de producto: cantidad, descripción tal como está escrita, precio unitario y total (en bolivianos).",
    "Si un número no se lee, déjalo en null; no inventes líneas que no estén en la nota.",
    "Sugiere para cada producto una categoría; usa una de estas si corresponde:",
    categories.length > 0 ? categories.join(", ") : "(la tienda aún no tiene categorías)",
    "Extrae también el nombre del proveedor, el número de la nota y su fecha si se ven.",
    "Responde solo con JSON en el formato pedido.",
  ].join("\n");

const suggestPrompt = (partialText: string, context: string | null, categories: string[]) =>
  [
    "Eres el asistente de Comercial Comarapa, una tienda de artículos variados en Bolivia.",
    "El usuario está escribiendo el nombre de un producto para el catálogo.",
    `Texto parcial: "${partialText}"`,
    `Contexto: "${context ?? ""}"`,
    `Categorías de la tienda: ${categories.join(", ")}`,
    "Sugiere 5 productos con nombre (claro, en español boliviano, con tamaño o variante si corresponde,",
    "sin precios ni códigos, como máximo 50 caracteres), descripción (útil para el cliente: material,",
    "tamaño, uso; entre 50 y 150 caracteres) y la categoría de la tienda que les corresponde.",
    "Responde solo con JSON en el formato pedido.",
  ].join("\n");

/** Gemini's structured output schemas (an OpenAPI subset). */
const INVOICE_SCHEMA = {
  type: "OBJECT",
  properties: {
    proveedor: { type: "STRING", nullable: true },
    numero_nota: { type: "STRING", nullable: true },
    fecha: { type: "STRING", nullable: true },
    productos: {
      type: "ARRAY",
      items: {
        type: "OBJECT",
        properties: {
          cantidad: { type: "NUMBER", nullable: true },
          descripcion: { type: "STRING" },
          precio_unitario: { type: "NUMBER", nullable: true },
          total: { type: "NUMBER", nullable: true },
          categoria: { type: "STRING", nullable: true },
        },
        required: ["descripcion"],
      },
    },
  },
  required: ["productos"],
};

const SUGGESTIONS_SCHEMA = {
  type: "OBJECT",
  properties: {
    suggestions: {
      type: "ARRAY",
      items: {
        type: "OBJECT",
        properties: {
          name: { type: "STRING" },
          description: { type: "STRING" },
          category: { type: "STRING", nullable: true },
        },
        required: ["name", "description"],
      },
    },
  },
  required: ["suggestions"],
};

/** A number as a model may write it: 40, "40", "40,50", "1.200,50"; null when it is none. */
const looseNumber = z.preprocess((value) => {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string") return null;
  let text = value.replace(/[^\d.,-]/g, "");
  if (text.includes(",")) text = text.replace(/\./g, "").replace(",", ".");
  const parsed = Number(text);
  return text !== "" && Number.isFinite(parsed) ? parsed : null;
}, z.number().nullable());

const looseText = z.preprocess(
  (value) => (typeof value === "string" && value.trim() !== "" ? value.trim() : null),
  z.string().nullable(),
);

const invoiceAnswer = z.object({
  proveedor: looseText.optional(),
  numero_nota: looseText.optional(),
  fecha: looseText.optional(),
  productos: z.array(
    z.object({
      cantidad: looseNumber.optional(),
      descripcion: looseText,
      precio_unitario: looseNumber.optional(),
      total: looseNumber.optional(),
      categoria: looseText.optional(),
    }),
  ),
});

const suggestionsAnswer = z.object({
  suggestions: z.array(
    z.object({ name: looseText, description: looseText.optional(), category: looseText.optional() }),
  ),
});

/** The text of Gemini's first candidate: `candidates[0].content.parts[].text`. */
const generateContentAnswer = z.object({
  candidates: z
    .array(
      z.object({
        content: z.object({ parts: z.array(z.object({ text: z.string().optional() })).optional() }).optional(),
        finishReason: z.string().optional(),
      }),
    )
    .optional(),
  promptFeedback: z.object({ blockReason: z.string().optional() }).optional(),
});

/**
 * Gemini through its REST API (`POST /v1beta/models/<model>:generateContent`,
 * the key in `x-goog-api-key`), asking for JSON with a response schema.
 */
export function createGeminiModel(settings: Required<VisionSettings>): VisionModel {
  const url = `${settings.baseUrl}/v1beta/models/${encodeURIComponent(settings.model)}:generateContent`;

  async function generate(parts: unknown[], schema: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-goog-api-key": settings.apiKey },
        body: JSON.stringify({
          contents: [{ role: "user", parts }],
          generationConfig: { temperature: 0.1, responseMimeType: "application/json", responseSchema: schema },
        }),
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
    } catch (error) {
      throw new VisionModelError(`Gemini could not be reached: ${(error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) {
      throw new VisionModelError(`Gemini answered ${response.status}: ${text.slice(0, 300)}`);
    }
    let answer: z.infer<typeof generateContentAnswer>;
    try {
      answer = generateContentAnswer.parse(JSON.parse(text));
    } catch {
      throw new VisionModelError("Gemini's answer is not a generateContent response");
    }
    if (answer.promptFeedback?.blockReason) {
      throw new VisionModelError(`Gemini refused the request: ${answer.promptFeedback.blockReason}`);
    }
    const candidate = answer.candidates?.[0];
    const output = (candidate?.content?.parts ?? []).map((part) => part.text ?? "").join("");
    if (!output) throw new VisionModelError(`Gemini answered no text (${candidate?.finishReason ?? "no candidate"})`);
    try {
      return JSON.parse(output);
    } catch {
      throw new VisionModelError("Gemini's text is not JSON");
    }
  }

  return {
    model: settings.model,

    async readInvoice(image: InvoiceImage, categories: string[]): Promise<ReadInvoice> {
      const parts = [
        { text: invoicePrompt(categories) },
        { inline_data: { mime_type: image.type, data: base64(image.bytes) } },
      ];
      const parsed = invoiceAnswer.safeParse(await generate(parts, INVOICE_SCHEMA));
      if (!parsed.success) throw new VisionModelError("Gemini's invoice is not in the asked format");
      return {
        supplier_name: parsed.data.proveedor ?? null,
        invoice_number: parsed.data.numero_nota ?? null,
        invoice_date: parsed.data.fecha ?? null,
        lines: parsed.data.productos
          .flatMap((line) =>
            line.descripcion
              ? [
                  {
                    quantity: line.cantidad ?? null,
                    description: line.descripcion,
                    unit_price: line.precio_unitario ?? null,
                    total_price: line.total ?? null,
                    category: line.categoria ?? null,
                  },
                ]
              : [],
          )
          .slice(0, MAX_LINES),
      };
    },

    async suggestProducts(partialText, context, categories): Promise<AutocompleteSuggestion[]> {
      const answer = await generate([{ text: suggestPrompt(partialText, context, categories) }], SUGGESTIONS_SCHEMA);
      const parsed = suggestionsAnswer.safeParse(answer);
      if (!parsed.success) throw new VisionModelError("Gemini's suggestions are not in the asked format");
      return parsed.data.suggestions
        .flatMap((s) =>
          s.name ? [{ name: s.name, description: s.description ?? "", category: s.category ?? null }] : [],
        )
        .slice(0, 5);
    },
  };
}
