//! A response's body, read into wasm memory through one small JS buffer.
//!
//! At 100,000 keys the usage job's bodies are tens of megabytes. Read whole (`arrayBuffer()`),
//! or in chunks the browser allocates, each left its size again in JS garbage, which a worker,
//! its JS otherwise idle, kept for seconds: Chromium's total grew by that much during the read.
//! A BYOB reader hands the same buffer back on every read, so a body leaves that one buffer
//! behind, not its size again.

use admin_api::{Sink, TransportError};
use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStream, ReadableStreamByobReader, ReadableStreamDefaultReader};

/// Reserved up front at most, whatever `Content-Length` says (the server is not trusted).
const RESERVE_AT_MOST: usize = 32 << 20;
/// The one JS buffer a body is read through.
const CHUNK: u32 = 256 << 10;

/// Why a body was not read to its end.
#[derive(Debug)]
pub enum BodyError {
    /// The stream failed (an abort, a dropped connection).
    Failed(JsValue),
    /// It ran past the bytes allowed: the rest was not read.
    TooLarge(usize),
}

impl From<JsValue> for BodyError {
    fn from(e: JsValue) -> Self {
        BodyError::Failed(e)
    }
}

impl BodyError {
    /// As the transport says it: a failed stream is a connection closed while reading.
    pub fn into_transport(self) -> TransportError {
        match self {
            BodyError::Failed(_) => {
                TransportError::Network("the connection closed while reading".into())
            }
            BodyError::TooLarge(at_most) => TransportError::TooLarge(at_most),
        }
    }
}

/// Every byte of `body` (none if there is none), up to `at_most`, with room for `length` bytes
/// (the `Content-Length`, when given) made at once. Bytes, not text: no round trip through a JS
/// string.
pub async fn read_body(
    body: Option<ReadableStream>,
    length: Option<&str>,
    at_most: usize,
) -> Result<Vec<u8>, BodyError> {
    let reserve = length
        .and_then(|l| l.trim().parse::<usize>().ok())
        .unwrap_or(0);
    let mut bytes = Vec::with_capacity(reserve.min(RESERVE_AT_MOST).min(at_most));
    read_body_into(body, &mut |chunk| bytes.extend_from_slice(chunk), at_most).await?;
    Ok(bytes)
}

/// Every byte of `body`, up to `at_most`, handed to `sink` as it arrives, a chunk at a time, and
/// not kept. Past `at_most` the stream is cancelled and nothing more is handed on.
pub async fn read_body_into(
    body: Option<ReadableStream>,
    sink: Sink<'_>,
    at_most: usize,
) -> Result<(), BodyError> {
    let Some(body) = body else {
        return Ok(());
    };
    // Where each chunk is copied into wasm memory before `sink` sees it.
    let mut scratch = Vec::new();
    let mut read = 0usize;
    let mut hand = |chunk: &Uint8Array| {
        read = read.saturating_add(chunk.length() as usize);
        if read > at_most {
            return Err(BodyError::TooLarge(at_most));
        }
        scratch.resize(chunk.length() as usize, 0);
        chunk.copy_to(&mut scratch);
        sink(&scratch);
        Ok(())
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
            if let Err(e) = hand(&field(&result, "value")?.dyn_into()?) {
                let _ = reader.cancel();
                return Err(e);
            }
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
        if let Err(e) = hand(&chunk) {
            let _ = reader.cancel();
            return Err(e);
        }
        buffer = chunk.buffer();
    }
}
