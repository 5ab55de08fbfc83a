package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/table"
)

// WriteLaTeX writes r as a LaTeX document with booktabs tables, ready to
// compile or to copy tables from. Charts are included as the PNG files
// named by ChartFile(base, …, "png"), which the caller writes beside it
// (see Save). The long deals table is a longtable with wrapping columns.
// pdflatex handles Latin scripts; names and event titles in other scripts
// (Vietnamese diacritics, for one) need lualatex or xelatex, which the
// preamble supports through fontspec.
func WriteLaTeX(w io.Writer, r *Report, base string) error {
	esc := table.LaTeXEscape
	var b bytes.Buffer
	b.WriteString(`% Compile with lualatex (or xelatex): names and titles in Vietnamese and
% other scripts need it; pdflatex sets only what T1 encodes.
\documentclass[a4paper,10pt]{article}
\usepackage{iftex}
\ifPDFTeX
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\else
\usepackage{fontspec}
\fi
\usepackage[margin=2cm]{geometry}
\usepackage{booktabs,longtable,graphicx,array,float}
% Tables and charts stay where their section puts them.
\floatplacement{table}{H}
\floatplacement{figure}{H}
`)
	fmt.Fprintf(&b, "\\title{%s}\n\\author{%s}\n\\date{}\n", esc(r.Title()), esc(armsflow.Source))
	b.WriteString("\\begin{document}\n\\maketitle\n")
	fmt.Fprintf(&b, "\\noindent\\footnotesize %s\\normalsize\n\n", esc(r.footer()))
	if r.NoTransfers {
		fmt.Fprintf(&b, "\\paragraph{No transfers.} SIPRI records no transfers from %s to %s in %s.\n\n", esc(r.Supplier.Name), esc(r.Recipient.Name), esc(r.Years.String()))
	}
	b.WriteString("\\section*{Key findings}\n")
	if len(r.Findings) == 0 {
		b.WriteString("The data support no findings for this span.\n")
	} else {
		b.WriteString("\\begin{itemize}\n")
		for _, f := range r.Findings {
			fmt.Fprintf(&b, "\\item %s\n", esc(f.Text))
		}
		b.WriteString("\\end{itemize}\n")
	}
	for _, s := range r.Sections {
		fmt.Fprintf(&b, "\\section*{%s}\n", esc(s.Title))
		if s.Intro != "" {
			fmt.Fprintf(&b, "%s\n\n", esc(s.Intro))
		}
		if s.Empty != "" {
			fmt.Fprintf(&b, "\\emph{%s}\n\n", esc(s.Empty))
		}
		for _, c := range s.Charts {
			fmt.Fprintf(&b, "\\begin{figure}[H]\n\\centering\n\\includegraphics[width=\\textwidth]{%s}\n\\caption{%s}\n\\end{figure}\n",
				ChartFile(base, c, "png"), esc(c.Title))
		}
		for _, t := range s.Tables {
			if s.ID == "deals" {
				wrapLaTeX(&b, t, dealsSpec)
				continue
			}
			if len(t.Columns) == 5 && t.Columns[2].Name == "Event" {
				wrapLaTeX(&b, t, eventsSpec) // long titles and sources: wrap, and break across pages
				continue
			}
			var tb bytes.Buffer
			if err := table.Write(&tb, "latex", t); err != nil {
				return err
			}
			// Pin the table where its section puts it: LaTeX would
			// otherwise float a run of tables pages away from their heading.
			b.Write(bytes.ReplaceAll(tb.Bytes(), []byte(`\begin{table}[htbp]`), []byte(`\begin{table}[H]`)))
		}
		if s.Source != "" {
			fmt.Fprintf(&b, "\\par\\noindent\\footnotesize %s\\normalsize\n\n", esc(s.Source))
		}
	}
	b.WriteString("\\section*{Provenance}\n")
	fmt.Fprintf(&b, "%s, \\textcopyright{} SIPRI, \\texttt{https://www.sipri.org/databases/armstransfers}. %s\n\n", esc(armsflow.Source), esc(r.Notes[0]))
	b.WriteString("\\begin{longtable}{@{}p{3.5cm}p{1.6cm}p{2cm}>{\\ttfamily\\scriptsize}p{8.5cm}@{}}\n\\toprule\nDataset & Kind & Generated & SHA-256 \\\\\n\\midrule\n")
	for _, d := range r.Datasets {
		fmt.Fprintf(&b, "%s & %s & %s & %s \\\\\n", esc(d.Name), esc(d.Kind), esc(d.Generated), esc(d.SHA256))
	}
	b.WriteString("\\bottomrule\n\\end{longtable}\n")
	b.WriteString("\\noindent\\footnotesize File hashes are listed in the HTML, Markdown and XLSX forms of this report.\\normalsize\n")
	b.WriteString("\\end{document}\n")
	_, err := w.Write(b.Bytes())
	return err
}

// Column specifications of the tables written with wrapping columns; each
// fits the 17 cm text width.
const (
	dealsSpec  = "@{}p{0.9cm}p{2cm}p{2.2cm}p{0.9cm}p{0.9cm}p{1.6cm}p{1.3cm}p{1cm}p{0.8cm}p{3.2cm}@{}"
	eventsSpec = "@{}p{1.6cm}p{1.4cm}p{4.6cm}p{3.2cm}p{5.3cm}@{}"
)

// wrapLaTeX writes a table as a longtable with wrapping columns that
// breaks across pages (the deals, the events).
func wrapLaTeX(b *bytes.Buffer, t *table.Table, spec string) {
	esc := table.LaTeXEscape
	fmt.Fprintf(b, "{\\scriptsize\\setlength{\\tabcolsep}{3pt}\n\\begin{longtable}{%s}\n\\caption{%s}\\\\\n\\toprule\n", spec, esc(t.Title))
	heads := make([]string, len(t.Columns))
	for j, c := range t.Columns {
		heads[j] = esc(c.Name)
	}
	head := strings.Join(heads, " & ") + " \\\\\n\\midrule\n"
	b.WriteString(head + "\\endfirsthead\n\\toprule\n" + head + "\\endhead\n")
	for _, row := range t.Rows {
		vals := make([]string, len(t.Columns))
		for j, c := range t.Columns {
			if j < len(row) {
				vals[j] = esc(cellText(row[j], c))
			}
		}
		b.WriteString(strings.Join(vals, " & ") + " \\\\\n")
	}
	b.WriteString("\\bottomrule\n\\end{longtable}\n")
	for _, n := range t.Notes {
		fmt.Fprintf(b, "\\par\\noindent %s\n", esc(n))
	}
	b.WriteString("}\n")
}
