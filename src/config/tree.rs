//! The line tree every config syntax parses into.
//!
//! A [`ConfigTree`] is an arena: lines live in one `Vec`, children are indices,
//! and every line's text is a range into one string buffer (the source text,
//! followed by any text synthesised later). Parsing 500 lines therefore costs a
//! handful of allocations, not thousands.
//!
//! A line's text is the statement as the device prints it, trimmed: for
//! indent-based syntaxes the whole line (`interface Vlan10`), for JunOS the
//! statement without `{`/`;` (`unit 0`, `address 10.0.0.1/31`). Banners and
//! other multi-line literals are one line whose text spans several source
//! lines. This module has no syntax knowledge; rendering back to text uses the
//! [`Family`](super::syntax::Family) of the tree's syntax.

use super::syntax::{Family, Syntax};
use serde::Serialize;

/// Index of a line in its [`ConfigTree`].
pub type LineId = u32;

/// What a line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineKind {
    /// An ordinary statement (which may have children).
    Command,
    /// A multi-line literal kept whole: a banner, a certificate, a comment block.
    Literal,
}

/// One statement of a config.
#[derive(Clone, Debug)]
pub struct Line {
    text: (u32, u32),
    /// Child lines, in source order.
    pub children: Vec<LineId>,
    /// The parent line, `None` at top level.
    pub parent: Option<LineId>,
    /// 1-based line number in the source; 0 for a synthesised line.
    pub source_line: u32,
    /// Byte range in the source (0..0 for a synthesised line).
    pub span: (u32, u32),
    /// Columns of indentation in the source (indent-based syntaxes).
    pub indent: u32,
    pub kind: LineKind,
    /// JunOS `inactive:` tag (or `deactivate` in set format).
    pub inactive: bool,
    /// JunOS `replace:` / `protect:` tags, kept for display.
    pub tag: Option<&'static str>,
    /// In a slice: kept only as the parent of a selected line (its other
    /// children were not selected).
    pub context: bool,
}

/// A parsed config: lines in an arena plus the top-level lines in order.
#[derive(Clone, Debug)]
pub struct ConfigTree {
    pub syntax: Syntax,
    buf: String,
    /// Length of the original source at the start of `buf`.
    source_len: usize,
    pub lines: Vec<Line>,
    /// Top-level lines, in order.
    pub roots: Vec<LineId>,
}

impl ConfigTree {
    /// An empty tree whose source text is `source` (lines added later may
    /// point into it with [`ConfigTree::push_span`]).
    pub fn with_source(syntax: Syntax, source: &str) -> ConfigTree {
        ConfigTree {
            syntax,
            buf: source.to_string(),
            source_len: source.len(),
            lines: Vec::new(),
            roots: Vec::new(),
        }
    }

    /// An empty tree with no source, for building configs by hand.
    ///
    /// ```
    /// use unetc::config::{ConfigTree, Syntax};
    /// let mut t = ConfigTree::new(Syntax::Ios);
    /// let i = t.push(None, "interface Vlan10");
    /// t.push(Some(i), "ip address 10.0.0.1 255.255.255.0");
    /// assert_eq!(t.to_text(), "interface Vlan10\n ip address 10.0.0.1 255.255.255.0\n");
    /// ```
    pub fn new(syntax: Syntax) -> ConfigTree {
        ConfigTree::with_source(syntax, "")
    }

    /// The original source text.
    pub fn source(&self) -> &str {
        &self.buf[..self.source_len]
    }

    /// The text of a line.
    pub fn text(&self, id: LineId) -> &str {
        let (s, e) = self.lines[id as usize].text;
        &self.buf[s as usize..e as usize]
    }

    /// A line by id.
    pub fn line(&self, id: LineId) -> &Line {
        &self.lines[id as usize]
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The children of a line, or the roots for `None`.
    pub fn children(&self, parent: Option<LineId>) -> &[LineId] {
        match parent {
            Some(p) => &self.lines[p as usize].children,
            None => &self.roots,
        }
    }

    /// Appends a synthesised line (its text is copied into the buffer).
    pub fn push(&mut self, parent: Option<LineId>, text: &str) -> LineId {
        let s = self.buf.len();
        self.buf.push_str(text);
        self.push_raw(parent, (s as u32, self.buf.len() as u32), 0, (0, 0), 0)
    }

    /// Appends a line whose text is `range` of the source.
    pub fn push_span(
        &mut self,
        parent: Option<LineId>,
        range: std::ops::Range<usize>,
        source_line: u32,
        indent: u32,
    ) -> LineId {
        let r = (range.start as u32, range.end as u32);
        self.push_raw(parent, r, source_line, r, indent)
    }

    fn push_raw(
        &mut self,
        parent: Option<LineId>,
        text: (u32, u32),
        source_line: u32,
        span: (u32, u32),
        indent: u32,
    ) -> LineId {
        let id = self.lines.len() as LineId;
        self.lines.push(Line {
            text,
            children: Vec::new(),
            parent,
            source_line,
            span,
            indent,
            kind: LineKind::Command,
            inactive: false,
            tag: None,
            context: false,
        });
        match parent {
            Some(p) => self.lines[p as usize].children.push(id),
            None => self.roots.push(id),
        }
        id
    }

    /// Mutable access to a line's flags.
    pub fn line_mut(&mut self, id: LineId) -> &mut Line {
        &mut self.lines[id as usize]
    }

    /// Detaches a line from its parent (it stays in the arena, unreachable).
    pub fn remove(&mut self, id: LineId) {
        let parent = self.lines[id as usize].parent;
        let list = match parent {
            Some(p) => &mut self.lines[p as usize].children,
            None => &mut self.roots,
        };
        list.retain(|&c| c != id);
    }

    /// The first child of `parent` whose text is `text`.
    pub fn find_child(&self, parent: Option<LineId>, text: &str) -> Option<LineId> {
        self.children(parent)
            .iter()
            .copied()
            .find(|&c| self.text(c) == text)
    }

    /// Texts from the top-level ancestor down to `id`.
    pub fn path(&self, id: LineId) -> Vec<&str> {
        let mut out = vec![self.text(id)];
        let mut cur = self.lines[id as usize].parent;
        while let Some(p) = cur {
            out.push(self.text(p));
            cur = self.lines[p as usize].parent;
        }
        out.reverse();
        out
    }

    /// Copies the subtree at `src` (a line of `from`) under `parent` of self.
    pub fn copy_subtree(
        &mut self,
        from: &ConfigTree,
        src: LineId,
        parent: Option<LineId>,
    ) -> LineId {
        let id = self.copy_line(from, src, parent);
        for &c in &from.lines[src as usize].children {
            self.copy_subtree(from, c, Some(id));
        }
        id
    }

    /// Copies one line (without children) under `parent`, keeping its
    /// source line and flags.
    pub fn copy_line(&mut self, from: &ConfigTree, src: LineId, parent: Option<LineId>) -> LineId {
        let l = &from.lines[src as usize];
        let id = self.push(parent, from.text(src));
        let n = &mut self.lines[id as usize];
        n.source_line = l.source_line;
        n.indent = l.indent;
        n.kind = l.kind;
        n.inactive = l.inactive;
        n.tag = l.tag;
        id
    }

    /// Renders the tree as config text in its syntax's style: indentation
    /// (one unit per level) for indent-based syntaxes, braces for JunOS,
    /// `set` lines for JunOS set format.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for &r in &self.roots {
            self.render(r, 0, &mut out);
        }
        out
    }

    /// Renders one subtree at a depth (see [`ConfigTree::to_text`]).
    pub fn render(&self, id: LineId, depth: usize, out: &mut String) {
        let rules = self.syntax.rules();
        match rules.family {
            Family::Indent => {
                for _ in 0..depth * rules.indent_unit {
                    out.push(' ');
                }
                out.push_str(self.text(id));
                out.push('\n');
                for &c in &self.lines[id as usize].children {
                    self.render(c, depth + 1, out);
                }
            }
            Family::Brace => {
                let l = &self.lines[id as usize];
                for _ in 0..depth * 4 {
                    out.push(' ');
                }
                if l.inactive {
                    out.push_str("inactive: ");
                }
                if let Some(t) = l.tag {
                    out.push_str(t);
                    out.push_str(": ");
                }
                out.push_str(self.text(id));
                if l.children.is_empty() {
                    out.push_str(";\n");
                } else {
                    out.push_str(" {\n");
                    for &c in &l.children {
                        self.render(c, depth + 1, out);
                    }
                    for _ in 0..depth * 4 {
                        out.push(' ');
                    }
                    out.push_str("}\n");
                }
            }
            Family::Set => {
                let mut lines = Vec::new();
                self.flatten_into(id, &mut String::new(), &mut lines);
                for l in lines {
                    out.push_str(&l);
                    out.push('\n');
                }
            }
        }
    }

    /// The JunOS `set` lines of the whole tree (without the `set ` verb):
    /// one per leaf, each the space-joined path from the top. Inactive nodes
    /// add a `deactivate <path>` line after their leaves.
    pub fn flatten(&self) -> Vec<String> {
        let mut out = Vec::new();
        for &r in &self.roots {
            self.flatten_into(r, &mut String::new(), &mut out);
        }
        out
    }

    fn flatten_into(&self, id: LineId, prefix: &mut String, out: &mut Vec<String>) {
        let len = prefix.len();
        if !prefix.is_empty() {
            prefix.push(' ');
        }
        prefix.push_str(self.text(id));
        let l = &self.lines[id as usize];
        if l.children.is_empty() {
            out.push(format!("set {prefix}"));
        } else {
            for &c in &l.children {
                self.flatten_into(c, prefix, out);
            }
        }
        if l.inactive {
            out.push(format!("deactivate {prefix}"));
        }
        prefix.truncate(len);
    }

    /// Every line in depth-first order with its depth (0 = top level).
    pub fn walk(&self) -> Vec<(LineId, usize)> {
        let mut out = Vec::with_capacity(self.lines.len());
        let mut stack: Vec<(LineId, usize)> = self.roots.iter().rev().map(|&r| (r, 0)).collect();
        while let Some((id, d)) = stack.pop() {
            out.push((id, d));
            for &c in self.lines[id as usize].children.iter().rev() {
                stack.push((c, d + 1));
            }
        }
        out
    }

    /// The tree as JSON: `[{ "text", "line", "kind", "inactive"?, "children": [...] }]`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Array(self.roots.iter().map(|&r| self.line_json(r)).collect())
    }

    fn line_json(&self, id: LineId) -> serde_json::Value {
        let l = &self.lines[id as usize];
        let mut m = serde_json::Map::new();
        m.insert("text".into(), self.text(id).into());
        m.insert("line".into(), l.source_line.into());
        m.insert(
            "kind".into(),
            match l.kind {
                LineKind::Command => "command",
                LineKind::Literal => "literal",
            }
            .into(),
        );
        if l.inactive {
            m.insert("inactive".into(), true.into());
        }
        if let Some(t) = l.tag {
            m.insert("tag".into(), t.into());
        }
        if l.context {
            m.insert("context".into(), true.into());
        }
        m.insert(
            "children".into(),
            serde_json::Value::Array(l.children.iter().map(|&c| self.line_json(c)).collect()),
        );
        serde_json::Value::Object(m)
    }
}
