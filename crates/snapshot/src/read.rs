//! Reading back the text of a PDF this crate wrote, for tests here and in
//! the crates that serve the PDFs: every string shown in the content streams,
//! decoded through the font's ToUnicode map, one line per text object. Not a
//! general PDF reader.

/// Every stream of the PDF, inflated when Flate-compressed.
fn streams(pdf: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut rest = pdf;
    while let Some(start) = find(rest, b"stream\n") {
        let body = &rest[start + 7..];
        let Some(end) = find(body, b"\nendstream") else {
            break;
        };
        let data = &body[..end];
        out.push(
            miniz_oxide::inflate::decompress_to_vec_zlib(data).unwrap_or_else(|_| data.to_vec()),
        );
        rest = &body[end + 10..];
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Text of the PDF through its ToUnicode map: decode every string shown in content streams.
pub fn pdf_text(pdf: &[u8]) -> String {
    let streams = streams(pdf);
    let mut map = std::collections::HashMap::new();
    for s in &streams {
        let text = String::from_utf8_lossy(s);
        if !text.contains("beginbfchar") {
            continue;
        }
        for line in text.lines() {
            let parts: Vec<&str> = line.split(' ').collect();
            if parts.len() == 2 && parts[0].starts_with('<') && parts[1].starts_with('<') {
                let cid = u16::from_str_radix(parts[0].trim_matches(['<', '>']), 16).unwrap_or(0);
                let hex = parts[1].trim_matches(['<', '>']);
                let units: Vec<u16> = (0..hex.len() / 4)
                    .map(|i| u16::from_str_radix(&hex[i * 4..i * 4 + 4], 16).unwrap_or(0))
                    .collect();
                map.insert(cid, String::from_utf16_lossy(&units));
            }
        }
    }
    let mut out = String::new();
    for s in &streams {
        if find(s, b"BT").is_none() {
            continue;
        }
        let mut i = 0;
        let mut bytes = Vec::new();
        while i < s.len() {
            match s[i] {
                b'(' => {
                    i += 1;
                    // Balanced parentheses may stand unescaped inside a string.
                    let mut depth = 0;
                    while i < s.len() && (s[i] != b')' || depth > 0) {
                        if s[i] == b'(' {
                            depth += 1;
                        } else if s[i] == b')' {
                            depth -= 1;
                        }
                        if s[i] == b'\\' {
                            i += 1;
                            match s[i] {
                                b'n' => bytes.push(b'\n'),
                                b'r' => bytes.push(b'\r'),
                                b't' => bytes.push(b'\t'),
                                b'b' => bytes.push(8),
                                b'f' => bytes.push(12),
                                b'0'..=b'7' => {
                                    let mut v = 0u32;
                                    let mut n = 0;
                                    while n < 3 && i < s.len() && (b'0'..=b'7').contains(&s[i]) {
                                        v = v * 8 + u32::from(s[i] - b'0');
                                        i += 1;
                                        n += 1;
                                    }
                                    bytes.push(v as u8);
                                    continue;
                                }
                                c => bytes.push(c),
                            }
                        } else {
                            bytes.push(s[i]);
                        }
                        i += 1;
                    }
                }
                b'<' if s.get(i + 1) != Some(&b'<') => {
                    let end = i + s[i..].iter().position(|&b| b == b'>').unwrap_or(0);
                    let hex = String::from_utf8_lossy(&s[i + 1..end]).to_string();
                    for k in 0..hex.len() / 2 {
                        bytes.push(u8::from_str_radix(&hex[k * 2..k * 2 + 2], 16).unwrap_or(0));
                    }
                    i = end;
                }
                b'E' if s.get(i + 1) == Some(&b'T') => {
                    for pair in bytes.chunks(2) {
                        if pair.len() == 2 {
                            let cid = u16::from_be_bytes([pair[0], pair[1]]);
                            out.push_str(map.get(&cid).map_or("\u{fffd}", String::as_str));
                        }
                    }
                    bytes.clear();
                    out.push('\n');
                }
                _ => {}
            }
            i += 1;
        }
    }
    out
}
