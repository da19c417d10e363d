//! The program in a share link (format v2, python.md): UTF-8, raw DEFLATE
//! (RFC 1951, no zlib header), unpadded base64url. The browser's own
//! `CompressionStream("deflate-raw")` does the compressing, so the page
//! ships no DEFLATE code of its own.

use lockstep_core::{t, tf};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
const toB64u = (bytes) => {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};
const fromB64u = (t) => {
  const s = atob(t.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
};
const through = async (bytes, stream) =>
  new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());
export async function lockstep_pack(text) {
  return toB64u(await through(new TextEncoder().encode(text), new CompressionStream("deflate-raw")));
}
export async function lockstep_unpack(packed, limit) {
  const bytes = await through(fromB64u(packed), new DecompressionStream("deflate-raw"));
  if (bytes.length > limit) {
    // Named, so Rust says it in the page's language.
    const e = new Error("the program is longer than " + limit + " bytes");
    e.name = "LockstepTooLong";
    throw e;
  }
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn lockstep_pack(text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn lockstep_unpack(packed: &str, limit: u32) -> Result<JsValue, JsValue>;
}

/// The largest program a link may inflate to (the parser's own bound).
const MAX_SOURCE: u32 = 256 << 10;

/// The program as a link's `code=`.
pub async fn pack(text: &str) -> Result<String, String> {
    match lockstep_pack(text).await {
        Ok(v) => v
            .as_string()
            .ok_or_else(|| "compression gave no text".to_string()),
        Err(e) => Err(describe(e)),
    }
}

/// A link's `code=` as the program's text.
pub async fn unpack(packed: &str) -> Result<String, String> {
    match lockstep_unpack(packed, MAX_SOURCE).await {
        Ok(v) => v
            .as_string()
            .ok_or_else(|| t!("decompression gave no text").to_string()),
        Err(e) => Err(describe(e)),
    }
}

/// What went wrong, for a link notice: our own limit in the page's
/// language; the browser's errors (bad base64, corrupt data) as it words
/// them.
fn describe(e: JsValue) -> String {
    let e = js_sys::Error::from(e);
    if e.name().as_string().as_deref() == Some("LockstepTooLong") {
        return tf!("the program is longer than {limit} bytes", limit = MAX_SOURCE);
    }
    e.message()
        .as_string()
        .unwrap_or_else(|| t!("unknown error").into())
}
