//! A response's body, read into wasm memory through one small JS buffer.
//!
//! At 100,000 keys the usage job's bodies are tens of megabytes. Read whole (`arrayBuffer()`),
//! or in chunks the browser allocates, each left its size again in JS garbage, which a worker,
//! its JS otherwise idle, kept for seconds: Chromium's total grew by that much during the read.
//! A BYOB reader hands the same buffer back on every read, so a body leaves that one buffer
//! behind, not its size again.

use admin_api::Sink;
use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStream, ReadableStreamByobReader, ReadableStreamDefaultReader};

/// Reserved up front at most, whatever `Content-Length` says (the server is not trusted).
const RESERVE_AT_MOST: usize = 32 << 20;
/// The one JS buffer a body is read through.
const CHUNK: u32 = 256 << 10;

/// Every byte of `body` (none if there is none), with room for `length` bytes (the
/// `Content-Length`, when given) made at once. Bytes, not text: no round trip through a JS
/// string. An error if the stream fails (an abort, a dropped connection).
pub async fn read_body(
    body: Option<ReadableStream>,
    length: Option<&str>,
) -> Result<Vec<u8>, JsValue> {
    let reserve = length
        .and_then(|l| l.trim().parse::<usize>().ok())
        .unwrap_or(0);
    let mut bytes = Vec::with_capacity(reserve.min(RESERVE_AT_MOST));
    read_body_into(body, &mut |chunk| bytes.extend_from_slice(chunk)).await?;
    Ok(bytes)
}

/// Every byte of `body` handed to `sink` as it arrives, a chunk at a time, and not kept.
pub async fn read_body_into(body: Option<ReadableStream>, sink: Sink<'_>) -> Result<(), JsValue> {
    let Some(body) = body else {
        return Ok(());
    };
    // Where each chunk is copied into wasm memory before `sink` sees it.
    let mut scratch = Vec::new();
    let mut hand = |chunk: &Uint8Array| {
        scratch.resize(chunk.length() as usize, 0);
        chunk.copy_to(&mut scratch);
        sink(&scratch);
    };
    let field = |result: &JsValue, name: &str| js_sys::Reflect::get(result, &name.into());
    // A browser whose fetch bodies are not byte streams reads them in chunks of its own.
    let Ok(reader) = ReadableStreamByobReader::new(&body) else {
        let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
        loop {
            let result = JsFuture::from(reader.read()).await?;
            if field(&result, "done")?.is_truthy() {
                return Ok(());
            }
            hand(&field(&result, "value")?.dyn_into()?);
        }
    };
    let mut buffer = ArrayBuffer::new(CHUNK);
    loop {
        let view = Uint8Array::new(&buffer);
        let result = JsFuture::from(reader.read_with_array_buffer_view(&view)).await?;
        if field(&result, "done")?.is_truthy() {
            return Ok(());
        }
        let chunk: Uint8Array = field(&result, "value")?.dyn_into()?;
        hand(&chunk);
        buffer = chunk.buffer();
    }
}
