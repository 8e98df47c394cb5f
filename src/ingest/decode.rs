//! Bytes to text, decided in one place: BOMs, UTF-16, invalid UTF-8, binary, empty.

use super::IngestError;

/// How many leading bytes are searched for a NUL byte, the sign of a binary file
/// (the same rule as git and ripgrep).
const BINARY_PROBE: usize = 8 * 1024;

/// Text decoded from bytes, with any warning a reader should see.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The decoded text.
    pub text: String,
    /// What a reader should know of the decoding (an encoding guessed, bytes replaced).
    pub warnings: Vec<String>,
}

/// Decodes raw input. UTF-8 (a BOM is dropped) and UTF-16 with a BOM are read
/// exactly; invalid UTF-8 is read lossily with a warning; a NUL byte in the first
/// 8 KiB of non-UTF-16 input means binary; empty or whitespace-only text is an error.
pub fn decode(bytes: &[u8]) -> Result<Decoded, IngestError> {
    let mut warnings = Vec::new();
    let text = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        decode_utf16(rest, u16::from_le_bytes, &mut warnings)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        decode_utf16(rest, u16::from_be_bytes, &mut warnings)
    } else {
        let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        if bytes[..bytes.len().min(BINARY_PROBE)].contains(&0) {
            return Err(IngestError::Binary);
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(err) => {
                warnings.push(format!(
                    "input is not valid UTF-8 (first bad byte at offset {}); invalid bytes were replaced with U+FFFD",
                    err.valid_up_to()
                ));
                String::from_utf8_lossy(bytes).into_owned()
            }
        }
    };
    if text.trim().is_empty() {
        return Err(IngestError::Empty);
    }
    Ok(Decoded { text, warnings })
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16, warnings: &mut Vec<String>) -> String {
    if !bytes.len().is_multiple_of(2) {
        warnings.push("UTF-16 input has an odd number of bytes; the last byte was dropped".into());
    }
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut lossy = false;
    let text: String = char::decode_utf16(units)
        .map(|c| {
            c.unwrap_or_else(|_| {
                lossy = true;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    if lossy {
        warnings
            .push("UTF-16 input has unpaired surrogates; they were replaced with U+FFFD".into());
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_utf8_is_kept_exactly() {
        let decoded = decode("Héllo “world”.".as_bytes()).unwrap();
        assert_eq!(decoded.text, "Héllo “world”.");
        assert!(decoded.warnings.is_empty());
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let decoded = decode(b"\xEF\xBB\xBFHello.").unwrap();
        assert_eq!(decoded.text, "Hello.");
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("Hi “x”".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&le).unwrap().text, "Hi “x”");
        let mut be = vec![0xFE, 0xFF];
        be.extend("Hi".encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&be).unwrap().text, "Hi");
    }

    #[test]
    fn invalid_utf8_is_read_lossily_with_a_warning() {
        let decoded = decode(b"caf\xE9 au lait").unwrap();
        assert_eq!(decoded.text, "caf\u{FFFD} au lait");
        assert_eq!(decoded.warnings.len(), 1);
        assert!(
            decoded.warnings[0].contains("offset 3"),
            "{:?}",
            decoded.warnings
        );
    }

    #[test]
    fn nul_byte_means_binary() {
        assert!(matches!(
            decode(b"PK\x03\x04\x00\x00"),
            Err(IngestError::Binary)
        ));
    }

    #[test]
    fn empty_and_blank_are_errors() {
        assert!(matches!(decode(b""), Err(IngestError::Empty)));
        assert!(matches!(decode(b" \n\t \r\n"), Err(IngestError::Empty)));
    }
}
