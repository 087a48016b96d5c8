//! Text for the PDF: bidi ordering (unicode-bidi), shaping (rustybuzz), measuring, wrapping.

use unicode_bidi::{BidiInfo, Level};

use crate::pdf::PdfError;

/// DejaVu Sans (Bitstream Vera licence, see `fonts/DejaVu-LICENSE.txt`): Latin, Greek,
/// Cyrillic and Arabic in one face.
pub(crate) static FONT: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");

/// One positioned glyph, in font units.
#[derive(Debug, Clone)]
pub(crate) struct Glyph {
    pub gid: u16,
    pub advance: f32,
    pub x_offset: f32,
    pub y_offset: f32,
    /// The characters this glyph stands for (first glyph of a cluster), for ToUnicode.
    pub text: String,
}

/// A line of text in visual order, ready to draw left to right.
#[derive(Debug, Clone, Default)]
pub(crate) struct Shaped {
    pub glyphs: Vec<Glyph>,
    /// Total advance in font units.
    pub advance: f32,
}

pub(crate) struct Shaper {
    face: rustybuzz::Face<'static>,
    pub upem: f32,
}

impl Shaper {
    pub fn new() -> Result<Shaper, PdfError> {
        let face = rustybuzz::Face::from_slice(FONT, 0).ok_or(PdfError::Font)?;
        let upem = f32::from(face.units_per_em().max(1) as u16);
        Ok(Shaper { face, upem })
    }

    pub fn face(&self) -> &rustybuzz::Face<'static> {
        &self.face
    }

    /// Shape one line. `rtl` is the paragraph direction; runs inside it (Latin in Arabic,
    /// digits) are ordered by the Unicode bidi algorithm and each shaped in its own direction.
    pub fn shape(&self, text: &str, rtl: bool) -> Result<Shaped, PdfError> {
        let text: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let mut out = Shaped::default();
        if text.is_empty() {
            return Ok(out);
        }
        let level = if rtl { Level::rtl() } else { Level::ltr() };
        let info = BidiInfo::new(&text, Some(level));
        for para in &info.paragraphs {
            let (levels, runs) = info.visual_runs(para, para.range.clone());
            for run in runs {
                let run_text = &text[run.clone()];
                let run_rtl = levels[run.start].is_rtl();
                self.shape_run(run_text, run_rtl, &mut out)?;
            }
        }
        Ok(out)
    }

    fn shape_run(&self, text: &str, rtl: bool, out: &mut Shaped) -> Result<(), PdfError> {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        buffer.set_direction(if rtl {
            rustybuzz::Direction::RightToLeft
        } else {
            rustybuzz::Direction::LeftToRight
        });
        let shaped = rustybuzz::shape(&self.face, &[], buffer);
        // Cluster boundaries, to give each cluster's first glyph its text.
        let mut starts: Vec<usize> = shaped
            .glyph_infos()
            .iter()
            .map(|i| i.cluster as usize)
            .collect();
        starts.sort_unstable();
        starts.dedup();
        let mut seen = std::collections::HashSet::new();
        for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
            let cluster = info.cluster as usize;
            let end = starts
                .iter()
                .find(|&&s| s > cluster)
                .copied()
                .unwrap_or(text.len());
            let cluster_text = text.get(cluster..end).unwrap_or("");
            let gid = u16::try_from(info.glyph_id).unwrap_or(0);
            if gid == 0
                && let Some(c) = cluster_text.chars().find(|c| !c.is_whitespace())
            {
                return Err(PdfError::MissingGlyph(c));
            }
            let text = if seen.insert(cluster) {
                cluster_text.to_string()
            } else {
                String::new()
            };
            let advance = pos.x_advance as f32;
            out.advance += advance;
            out.glyphs.push(Glyph {
                gid,
                advance,
                x_offset: pos.x_offset as f32,
                y_offset: pos.y_offset as f32,
                text,
            });
        }
        Ok(())
    }

    /// Width in points at `size`.
    pub fn width(&self, text: &str, size: f32, rtl: bool) -> Result<f32, PdfError> {
        Ok(self.shape(text, rtl)?.advance * size / self.upem)
    }

    /// Greedy word wrap into lines no wider than `max` points (a single over-long word is
    /// broken between characters).
    pub fn wrap(
        &self,
        text: &str,
        size: f32,
        max: f32,
        rtl: bool,
    ) -> Result<Vec<String>, PdfError> {
        let space = self.width(" ", size, rtl)?;
        let mut lines = Vec::new();
        let mut line = String::new();
        let mut line_w = 0.0;
        for word in text.split_whitespace() {
            let w = self.width(word, size, rtl)?;
            if w > max {
                // Break the word itself.
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                let mut piece = String::new();
                for c in word.chars() {
                    piece.push(c);
                    if self.width(&piece, size, rtl)? > max && piece.chars().count() > 1 {
                        piece.pop();
                        lines.push(std::mem::take(&mut piece));
                        piece.push(c);
                    }
                }
                line_w = self.width(&piece, size, rtl)?;
                line = piece;
                continue;
            }
            if line.is_empty() {
                line = word.to_string();
                line_w = w;
            } else if line_w + space + w <= max {
                line.push(' ');
                line.push_str(word);
                line_w += space + w;
            } else {
                lines.push(std::mem::replace(&mut line, word.to_string()));
                line_w = w;
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        Ok(lines)
    }
}
