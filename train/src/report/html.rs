//! A self-contained HTML report: text, tables and figures (inline SVG and
//! PNG data URIs) in one file that opens without a network.

use base64::Engine;

/// One part of a report.
#[derive(Debug, Clone, PartialEq)]
pub enum Section {
    /// A heading.
    Heading(String),
    /// A paragraph of plain text.
    Text(String),
    /// Preformatted text (program output, tables).
    Pre(String),
    /// An SVG figure with a caption.
    Svg {
        /// The SVG document.
        svg: String,
        /// What it shows.
        caption: String,
    },
    /// A PNG figure with a caption.
    Png {
        /// The PNG file's bytes.
        png: Vec<u8>,
        /// What it shows.
        caption: String,
    },
}

/// An HTML report built section by section.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlReport {
    title: String,
    sections: Vec<Section>,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The SVG without its XML declaration, to embed in HTML.
fn inline_svg(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    }
}

impl HtmlReport {
    /// An empty report titled `title`.
    pub fn new(title: &str) -> Self {
        Self {
            title: title.to_owned(),
            sections: Vec::new(),
        }
    }

    /// Adds a section.
    pub fn push(&mut self, section: Section) -> &mut Self {
        self.sections.push(section);
        self
    }

    /// The HTML document.
    ///
    /// ```
    /// use toporeg_train::report::{HtmlReport, Section};
    /// let mut r = HtmlReport::new("demo");
    /// r.push(Section::Text("a < b".into()));
    /// let html = r.to_html();
    /// assert!(html.contains("<title>demo</title>") && html.contains("a &lt; b"));
    /// ```
    pub fn to_html(&self) -> String {
        let mut body = String::new();
        for s in &self.sections {
            match s {
                Section::Heading(h) => body.push_str(&format!("<h2>{}</h2>\n", escape(h))),
                Section::Text(t) => body.push_str(&format!("<p>{}</p>\n", escape(t))),
                Section::Pre(t) => body.push_str(&format!("<pre>{}</pre>\n", escape(t))),
                Section::Svg { svg, caption } => body.push_str(&format!(
                    "<figure>{}<figcaption>{}</figcaption></figure>\n",
                    inline_svg(svg),
                    escape(caption)
                )),
                Section::Png { png, caption } => body.push_str(&format!(
                    "<figure><img alt=\"{c}\" src=\"data:image/png;base64,{}\"><figcaption>{c}</figcaption></figure>\n",
                    base64::engine::general_purpose::STANDARD.encode(png),
                    c = escape(caption)
                )),
            }
        }
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{title}</title>\n<style>\n\
             body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.45; }}\n\
             h1 {{ font-size: 1.7rem; }} h2 {{ font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }}\n\
             pre {{ background: #f6f6f6; padding: 0.8rem; overflow-x: auto; font-size: 0.85rem; }}\n\
             figure {{ margin: 1rem 0; }} figure svg, figure img {{ max-width: 100%; height: auto; image-rendering: pixelated; }}\n\
             figcaption {{ font-size: 0.9rem; color: #555; }}\n\
             </style>\n</head>\n<body>\n<h1>{title}</h1>\n{body}</body>\n</html>\n",
            title = escape(&self.title),
        )
    }
}
