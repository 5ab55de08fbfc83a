package http

import (
	"archive/zip"
	"bytes"
	"fmt"
	nethttp "net/http"
	"strconv"
	"strings"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/report"
)

// reportCSP is the policy of a served HTML report: the report is one page
// with inline CSS and SVG and no script, so inline style is allowed and
// everything else, scripts first, is not.
const reportCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox"

// apiReport answers /api/v1/report with the study of a pair as the
// report package builds it: format=html (the default, shown in the
// browser), xlsx, or md and tex (a zip with the document and its charts).
func (s *Server) apiReport(w nethttp.ResponseWriter, r *nethttp.Request) {
	p := newParams(r, "supplier", "recipient", "years", "period-length", "top", "dataset")
	q := report.Query{Supplier: p.str("supplier"), Recipient: p.str("recipient"), Years: p.years("years"),
		PeriodLength: p.int("period-length", 5), Top: p.int("top", 10), Dataset: p.str("dataset")}
	format := p.str("format")
	if format == "" {
		format = "html"
	}
	if p.err == nil && format != "html" && format != "md" && format != "xlsx" && format != "tex" {
		p.err = armsflow.Errorf(armsflow.EINVALID, "format=%q: a report is html, md, xlsx or tex", format)
	}
	if p.err == nil && (q.Supplier == "" || q.Recipient == "") {
		p.err = armsflow.Errorf(armsflow.EINVALID, "a report needs supplier=NAME and recipient=NAME")
	}
	if p.err != nil {
		s.apiError(w, r, p.err)
		return
	}
	// A report (an XLSX above all) takes tens of milliseconds of CPU and
	// megabytes: a few at a time, so that other readers are not starved.
	if !s.heavy.acquire(r.Context(), heavyWait) {
		s.busy(w, r, "reports")
		return
	}
	defer s.heavy.release()
	rep, err := report.Build(r.Context(), s.snapOf(r).eng, q)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	base := fmt.Sprintf("%s-%s-%d-%d", slug(rep.Supplier.Name), slug(rep.Recipient.Name), rep.Years.From, rep.Years.To)
	var buf bytes.Buffer
	var ctype, name string
	switch format {
	case "html":
		err = report.WriteHTML(&buf, rep)
		ctype, name = "text/html; charset=utf-8", base+".html"
	case "xlsx":
		err = report.WriteXLSX(&buf, rep)
		ctype, name = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", base+".xlsx"
	default:
		err = zipReport(&buf, rep, base, format)
		ctype, name = "application/zip", base+"-"+format+".zip"
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Cache-Control", "no-cache")
	if format == "html" {
		h.Set("Content-Security-Policy", reportCSP)
		h.Set("Content-Disposition", `inline; filename="`+name+`"`)
	} else {
		h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	}
	w.Write(buf.Bytes())
}

// zipReport writes the Markdown or LaTeX report with its charts (SVG and
// PNG), as the files 'armsflow report --out DIR' writes, into one zip.
func zipReport(w *bytes.Buffer, rep *report.Report, base, format string) error {
	var doc bytes.Buffer
	var err error
	fb := report.FigureBase(base, format) // the figures' names as 'armsflow report' writes them
	if format == "md" {
		err = report.WriteMarkdown(&doc, rep, fb)
	} else {
		err = report.WriteLaTeX(&doc, rep, fb)
	}
	if err != nil {
		return err
	}
	z := zip.NewWriter(w)
	add := func(name string, data []byte) error {
		f, err := z.Create(base + "/" + name)
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		return err
	}
	if err := add(base+"."+format, doc.Bytes()); err != nil {
		return err
	}
	for _, c := range rep.Charts() {
		svg, err := c.SVG()
		if err != nil {
			return err
		}
		png, err := c.PNG(150)
		if err != nil {
			return err
		}
		if err := add(report.ChartFile(fb, c, "svg"), svg); err != nil {
			return err
		}
		if err := add(report.ChartFile(fb, c, "png"), png); err != nil {
			return err
		}
	}
	return z.Close()
}

// slug writes a name for a file name: lower case, letters and digits,
// dashes between words.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 && strings.ContainsRune("àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿ", r) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
