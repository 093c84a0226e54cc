import { ApiError } from "../envelope.ts";
import type { ImageType, InvoiceImage } from "../vision/model.ts";

/** The import's bounds, as the front end checks them before sending (and the health route reports). */
export const MAX_IMAGES_PER_BATCH = 20;
export const MAX_IMAGE_SIZE_MB = 10;
const MAX_IMAGE_BYTES = MAX_IMAGE_SIZE_MB * 1024 * 1024;
/** The largest multipart body `extract-from-images` accepts: 20 images of 10 MB and their headers. */
export const EXTRACT_BODY_LIMIT = MAX_IMAGES_PER_BATCH * MAX_IMAGE_BYTES + 1024 * 1024;

/** An image's type by its first bytes (whatever its part's Content-Type claims). */
function sniff(bytes: Uint8Array): ImageType | null {
  const at = (i: number) => bytes[i] ?? -1;
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return "image/jpeg";
  if ([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((byte, i) => at(i) === byte)) return "image/png";
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "image/webp";
  return null;
}

function invalid(sentence: string, detail: string): never {
  throw new ApiError("VALIDATION_ERROR", sentence, detail, [{ field: "files", message: detail }]);
}

/**
 * The images of a `multipart/form-data` request, field `files` repeated:
 * 1 to 20 JPEG, PNG or WebP images of at most 10 MB each.
 */
export async function readImages(request: Request): Promise<InvoiceImage[]> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (!type.startsWith("multipart/form-data")) {
    invalid(
      "Envía las imágenes como multipart/form-data, en el campo files.",
      "the body must be multipart/form-data with the images in the field `files`",
    );
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    invalid("No se pudieron leer las imágenes enviadas.", "the multipart body could not be parsed");
  }
  const parts = form.getAll("files");
  if (parts.length === 0) invalid("No se recibió ninguna imagen.", "no `files` part");
  if (parts.length > MAX_IMAGES_PER_BATCH) {
    invalid(
      `Máximo ${MAX_IMAGES_PER_BATCH} imágenes por lote.`,
      `${parts.length} images; at most ${MAX_IMAGES_PER_BATCH}`,
    );
  }
  const images: InvoiceImage[] = [];
  for (const [index, part] of parts.entries()) {
    if (typeof part === "string") invalid(`La parte ${index + 1} no es un archivo.`, `files[${index}] is not a file`);
    if (part.size > MAX_IMAGE_BYTES) {
      const mb = (part.size / (1024 * 1024)).toFixed(1);
      throw new ApiError(
        "PAYLOAD_TOO_LARGE",
        `La imagen ${index + 1} pesa ${mb} MB; el máximo es ${MAX_IMAGE_SIZE_MB} MB.`,
        `files[${index}] is ${part.size} bytes; at most ${MAX_IMAGE_BYTES}`,
      );
    }
    const bytes = new Uint8Array(await part.arrayBuffer());
    const imageType = sniff(bytes);
    if (!imageType) {
      invalid(`La imagen ${index + 1} no es JPEG, PNG ni WebP.`, `files[${index}] is not a JPEG, PNG or WebP image`);
    }
    images.push({ bytes, type: imageType });
  }
  return images;
}
