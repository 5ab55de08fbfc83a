// Package sipri reads the exports of the SIPRI Arms Transfers Database in
// SIPRI's native formats and turns them into armsflow's domain records. It
// does no I/O beyond the io.Reader it is given.
//
// These files are read, recognised from their content, never from their
// names:
//
//   - TIV tables ("TIV of arms exports to Viet Nam, 1950-2021"): one row per
//     supplier, one column per year, in Windows-1252. The world table ("…
//     exports to all") has recipients as rows and gives Content.World.
//   - TIV tables of SIPRI's current site ("Volume of transfers of major
//     arms"): rows are recipients, suppliers or weapon categories; see
//     "Current TIV tables" below.
//   - The trade register ("Transfers of major conventional arms …"): one
//     record per deal, 16 columns, in Windows-1252.
//   - The trade register with the current site's export option: the same
//     preamble, then "SIPRI AT Database ID,Supplier,…" and one row per deal
//     and delivery year; see "The register with the export option" below.
//   - The tidy long form made by a third party from the same TIV data:
//     import_tiv.csv, export_tiv.csv, import_category.csv and
//     export_category.csv, in UTF-8, with a header naming the columns.
//
// Figures are kept as SIPRI publishes them: an empty cell is "no
// deliveries" (no record), a "0" is a delivery of less than 0.5 million TIV
// (a record with TIV 0), and an empty number in the register is unknown
// (a nil pointer), never zero. Where SIPRI's totals differ from the sums of
// its rounded figures, Parse says so in File.Warnings; totals themselves are
// never records.
//
// # Decisions on the quirks of the real files
//
// Encoding: valid UTF-8 is read as UTF-8 (it covers plain ASCII, and files
// users re-saved); anything else is Windows-1252. A UTF-8 byte order mark is
// dropped; LF and CRLF line ends are both accepted.
//
// Broken register records: a few records of the register are broken over
// two physical lines by an unquoted line break inside Comments, so that the
// first line has 13 fields (the last being the start of the comment) and the
// next has 4 (the rest of the comment and the three TIV columns). Parse
// joins them back into one record: the comment is the two parts, each
// trimmed, joined by one space (in SIPRI's files the break is at the end of
// the comment, so the second part is empty and the comment is the first
// part). Lines of a single field in between continue the comment the same
// way. A record may be joined only at its Comments column; any other short
// or long record is an error, as is a file that ends inside a record.
// Deal.Line is the first physical line of the record.
//
// "All" in the long form: in import_tiv.csv a row "All",X,year holds X's
// total imports in that year. These rows equal, figure for figure, the rows
// of SIPRI's world table (ALL.csv) and the rows X,"Total",year of the same
// file, so they become Content.World. In export_tiv.csv, by contrast, a row
// "All",X,year holds X's total exports (they equal X,"Total",year and the
// sum of X's rows up to rounding, and match the world table only by
// chance); armsflow's World holds recipients' imports only, so these rows
// are used to check X's "Total" rows and are not records. In the category
// files a row "All",C,year is the world's trade in category C: it is used to
// check the sum of the countries' rows and is not a record. "Total" as a
// Year, as a party or as a category is always a total: only checked.
//
// # Current TIV tables
//
// SIPRI's current site exports "Volume of transfers of major arms": a
// five-line banner (title, unit, source, "Data generated: …", a blank
// line), a header, one row per party or category, and SIPRI's total as the
// last row. The header's first cell says what the rows are: "Recipient"
// (recipients: Content.World, Supplier ""), "Exports by" (suppliers:
// Content.Exports, Recipient "") or nothing (weapon categories:
// Content.Categories, Country "" for the whole selection, Side import).
// The years follow; any other column ("2015-2025", "Sum total years",
// "Percentage", "Percentage of total") is a summary, never a record: those
// that sum a row's years are checked against them, with a warning on a
// difference. "0" (SIPRI writes "0 ") is a delivery of less than 0.5
// million TIV, an empty cell no deliveries. The last row ("Total world
// import", "Total world export", "Total") becomes armsflow.Total records,
// Side export for an "Exports by" table and import otherwise, Party "".
//
// The site filters a table by the user's choice of suppliers, recipients
// and categories, and the file does not say which. A Recipient table is
// therefore read as each recipient's total imports from the suppliers
// selected, an Exports by table as each supplier's total exports to the
// recipients selected, and a category table as the selection's imports by
// category; File.Subject labels them "imports by recipient", "exports by
// supplier" and "by weapon category".
//
// # The register with the export option
//
// The register of SIPRI's current site, with its export option, has the
// classic register's preamble (or none), the header "SIPRI AT Database
// ID,Supplier,Recipient,…" (17 columns, found by name) and one row per deal
// and delivery year. Rows are grouped into one armsflow.Deal per SIPRI AT
// Database ID, in any order (a file assembled from several downloads need
// not keep a deal's rows together); Deal.Line is the line of its first row.
// Every row of a deal must repeat the deal's own fields (supplier,
// recipient, designation, description, category, order date and its flag,
// status, SIPRI estimate, TIV deal unit, local production), or it is an
// error naming both lines. Each row with a delivery year is one
// armsflow.Delivery; a row whose delivery year is empty is an order without
// deliveries, never a delivery of zero. The same delivery year twice is an
// error, unless the rows are identical (overlapping downloads), when it
// counts once with a warning. The summary fields are derived from the
// deliveries: DeliveryYears, Delivered (nil if any year's number is
// unknown, or there are no deliveries), DeliveredUncertain and TIVDelivered
// (likewise). Ordered, TIVTotal and Comments are not in the export and stay
// nil or empty. The flags are "Yes" or "No"; empty is no estimate (and an
// unknown Local production); anything else is an error.
//
// # Coverage
//
// File.Coverage is the span of years a file answers for: a TIV table's
// year columns, the long form's years, and for a register the delivery
// years of its export's scope, read from the preamble's "year range '1950'
// to '2025'". Where an end is 'Not specified' (or there is no preamble),
// the first year is that of the earliest delivery and the last the year
// SIPRI generated the file (or, without a date, the last delivery year).
// PartialFrom is the generated year when it is covered: that year was not
// over, and its figures may still grow.
package sipri

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/armsflow/armsflow"
)

// Format is a file format recognised from content, never from the file name.
type Format string

// The formats Parse reads.
const (
	FormatTIVTable           Format = "tiv-table"            // "TIV of arms exports to X, 1950-2021" (X = a recipient, or "all" for the world table)
	FormatRegister           Format = "register"             // trade register
	FormatLongImport         Format = "long-import"          // import_tiv.csv: Import_To, Export_From, Year, TIV
	FormatLongExport         Format = "long-export"          // export_tiv.csv: Export_From, Import_To, Year, TIV
	FormatLongImportCategory Format = "long-import-category" // Import_To, Weapon_Category, Year, TIV
	FormatLongExportCategory Format = "long-export-category" // Export_From, Weapon_Category, Year, TIV
	// FormatTIVVolume is the TIV table of SIPRI's current site ("Volume of
	// transfers of major arms"): rows are recipients, suppliers ("Exports
	// by") or weapon categories, then years and summary columns.
	FormatTIVVolume Format = "tiv-volume"
	// FormatRegisterYearly is the trade register with SIPRI's export option:
	// a header "SIPRI AT Database ID,Supplier,…" and one row per deal and
	// delivery year, with that year's exact TIV.
	FormatRegisterYearly Format = "register-yearly"
)

// Kind returns armsflow.KindTIV, KindRegister or KindLong for the format,
// and "" for a value that is not one of the formats.
func (f Format) Kind() string {
	switch f {
	case FormatTIVTable, FormatTIVVolume:
		return armsflow.KindTIV
	case FormatRegister, FormatRegisterYearly:
		return armsflow.KindRegister
	case FormatLongImport, FormatLongExport, FormatLongImportCategory, FormatLongExportCategory:
		return armsflow.KindLong
	}
	return ""
}

// File is what one source file holds.
type File struct {
	Name      string           // as given to Parse
	Format    Format           // as Detect tells it
	Generated string           // SIPRI's generated date as YYYY-MM-DD; "" for the long form, which has none
	Subject   string           // TIV table: the recipient of the title, or "all"; register: its scope in short ("all deals", "deliveries 1950-2025"); long form: the format name
	Content   armsflow.Content // Flows, World, Exports, Categories, Deals and Totals
	// Coverage is the span of years the file answers for: a TIV table's
	// year columns, the long form's years, a register's delivery years of
	// its export's scope. PartialFrom is the generated year when it is
	// inside that span: a year not over when SIPRI generated the file.
	Coverage armsflow.Coverage
	Warnings []string // "VN.csv:25: row Russia: years sum to 7401 but its Total says 7402"
}

// maxSize bounds what Parse reads: SIPRI's largest export is about 4 MB.
const maxSize = 256 << 20

// detectSize is how much of a file Detect looks at.
const detectSize = 64 << 10

// accepted says what Detect recognises, for messages.
const accepted = `armsflow reads, as CSV from https://www.sipri.org/databases/armstransfers: ` +
	`SIPRI's TIV tables, old ("TIV of arms exports to …") and current ("Volume of transfers of major arms", ` +
	`a header starting "Recipient", "Exports by" or empty, then years); ` +
	`its trade register, classic ("Transfers of major conventional arms …", header "Recipient,Supplier,Year of order,…") ` +
	`and with the export option (header "SIPRI AT Database ID,Supplier,Recipient,…"); ` +
	`and the long form (a header "Import_To","Export_From","Year","TIV", or Export_From first, or Weapon_Category second)`

// Detect tells a file's format from its first bytes (pass at least the
// first 4 KiB or the whole file). An unknown format is an *armsflow.Error
// with code EINVALID whose message says what formats are accepted.
func Detect(name string, head []byte) (Format, error) {
	if len(head) > detectSize {
		head = head[:detectSize]
	}
	if err := checkBinary(name, head); err != nil {
		return "", err
	}
	return detect(name, decode(head))
}

// checkBinary rejects empty files and files that are plainly not CSV text.
func checkBinary(name string, b []byte) error {
	switch {
	case len(bytes.TrimSpace(trimBOM(b))) == 0:
		return errorf(name, 0, 0, "the file is empty; %s", accepted)
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return errorf(name, 1, 1, "the file is UTF-16 text; save it as CSV (UTF-8 or Windows-1252) and import it again")
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		return errorf(name, 1, 1, "the file is a ZIP archive or an Excel workbook, not CSV; %s", accepted)
	case bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return errorf(name, 1, 1, "the file is an old Excel workbook, not CSV; %s", accepted)
	}
	return nil
}

// detect recognises a format from the decoded start of a file.
func detect(name, s string) (Format, error) {
	line, n := "", 0
	for rest := s; rest != ""; {
		n++
		line = firstLine(rest)
		if strings.Trim(line, " \t,;\r\"") != "" {
			break
		}
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			rest = rest[i+1:]
		} else {
			rest = ""
		}
	}
	first := strings.TrimSpace(strings.TrimLeft(line, "\" "))
	switch {
	case hasPrefixFold(first, "TIV of arms exports to "):
		return FormatTIVTable, nil
	case hasPrefixFold(first, "TIV of arms exports from "):
		return "", errorf(name, n, 1, "a TIV table of a supplier's exports (%q) is not supported; download the tables by recipient (\"TIV of arms exports to …\"), one per country, or the world table", clip(first))
	case hasPrefixFold(first, "Transfers of major conventional arms"):
		return detectRegister(name, s)
	case hasPrefixFold(first, "Recipient,Supplier,"):
		return FormatRegister, nil // a register without its preamble
	case isYearlyHeader(first):
		return FormatRegisterYearly, nil // the export option's register without its preamble
	case hasPrefixFold(first, "Volume of transfers of major arms"):
		return FormatTIVVolume, nil
	case isVolumeHeader(line):
		return FormatTIVVolume, nil // a current TIV table without its banner
	}
	h := splitHeader(line)
	if len(h) == 4 && h[2] == "year" && h[3] == "tiv" {
		switch h[0] + "," + h[1] {
		case "import_to,export_from":
			return FormatLongImport, nil
		case "export_from,import_to":
			return FormatLongExport, nil
		case "import_to,weapon_category":
			return FormatLongImportCategory, nil
		case "export_from,weapon_category":
			return FormatLongExportCategory, nil
		}
	}
	if strings.TrimSpace(s) == "" {
		return "", errorf(name, 0, 0, "the file is empty; %s", accepted)
	}
	return "", errorf(name, n, 1, "not a SIPRI export armsflow can read (it starts with %q); %s", clipLine(line), accepted)
}

// detectRegister tells the two registers apart by their header, since both
// start with the same preamble: "SIPRI AT Database ID,…" is the export
// option's, "Recipient,…" the classic one's. A register whose header is
// neither is refused here with the line found; one whose header is beyond
// what was given is left to the parser, which says it is missing.
func detectRegister(name, s string) (Format, error) {
	afterDate := 0 // the line after "Data generated:", where the header is
	for n, rest := 1, s; rest != "" && n <= maxPreamble; n++ {
		line := firstLine(rest)
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			rest = rest[i+1:]
		} else {
			rest = ""
		}
		t := strings.TrimSpace(strings.TrimLeft(line, "\" "))
		switch {
		case isYearlyHeader(t):
			return FormatRegisterYearly, nil
		case hasPrefixFold(t, "Recipient,") || hasPrefixFold(t, "Recipient\","):
			return FormatRegister, nil
		}
		if _, isLine, _ := generatedDate(strings.Trim(t, ",")); isLine {
			afterDate = n + 1
			continue
		}
		if afterDate != 0 && n >= afterDate && strings.Trim(line, " \t,;\r\"") != "" && strings.Contains(line, ",") {
			return "", errorf(name, n, 1, "a trade register whose header (%q) is neither the classic one nor the export option's; %s", clipLine(line), accepted)
		}
	}
	return FormatRegister, nil
}

// isYearlyHeader reports whether a line starts the export option's header.
func isYearlyHeader(line string) bool {
	return hasPrefixFold(strings.TrimLeft(line, "\" "), "SIPRI AT Database ID")
}

// isVolumeHeader reports whether a line is the header of a current TIV
// table: "Recipient" or "Exports by", then a year.
func isVolumeHeader(line string) bool {
	h := splitHeader(line)
	if len(h) < 2 || (h[0] != "recipient" && h[0] != "exports by") {
		return false
	}
	_, ok := parseYear(h[1])
	return ok
}

// splitHeader splits a long-form header line into lower-case names without
// quotes.
func splitHeader(line string) []string {
	parts := strings.SplitN(line, ",", 6)
	for i, p := range parts {
		parts[i] = strings.ToLower(strings.Trim(strings.TrimSpace(p), "\""))
	}
	return parts
}

// Parse reads a whole file. name is used only in messages.
func Parse(name string, r io.Reader) (*File, error) {
	if r == nil {
		return nil, errorf(name, 0, 0, "nothing to read")
	}
	data, err := readAll(r)
	if err != nil {
		e := errorf(name, 0, 0, "cannot read the file; check that it is readable and import it again")
		e.Err = err
		return nil, e
	}
	if len(data) > maxSize {
		return nil, errorf(name, 0, 0, "the file is larger than %d MB, far larger than any SIPRI export; is it the right file?", maxSize>>20)
	}
	return parseBytes(name, data)
}

// readAll reads r to its end, or to just past maxSize, into a buffer sized
// from r's length where r tells it.
func readAll(r io.Reader) ([]byte, error) {
	size := int64(0)
	switch v := r.(type) {
	case interface{ Len() int }: // bytes.Reader, strings.Reader, bytes.Buffer
		size = int64(v.Len())
	case interface{ Stat() (fs.FileInfo, error) }: // os.File
		if st, err := v.Stat(); err == nil && st.Mode().IsRegular() {
			size = st.Size()
		}
	}
	if size <= 0 || size > maxSize {
		return io.ReadAll(io.LimitReader(r, maxSize+1))
	}
	buf := bytes.NewBuffer(make([]byte, 0, size+1)) // +1: reading EOF needs no growth
	_, err := buf.ReadFrom(io.LimitReader(r, maxSize+1))
	return buf.Bytes(), err
}

// parseBytes parses data, which it owns: data must not change afterwards,
// since the text may share its memory.
func parseBytes(name string, data []byte) (*File, error) {
	head := data
	if len(head) > detectSize {
		head = head[:detectSize]
	}
	if err := checkBinary(name, head); err != nil {
		return nil, err
	}
	s := decodeOwned(data)
	format, err := detect(name, s)
	if err != nil {
		return nil, err
	}
	p := &parser{name: name, s: s, rd: newCSVReader(name, s)}
	n := strings.Count(firstLine(s), ",") + 2
	p.rec = record{spans: make([]span, 0, n)}
	f := &File{Name: name, Format: format}
	switch format {
	case FormatTIVTable:
		err = p.tiv(f)
	case FormatRegister:
		err = p.register(f)
	case FormatTIVVolume:
		err = p.volume(f)
	case FormatRegisterYearly:
		err = p.registerYearly(f)
	default:
		err = p.long(f)
	}
	if err != nil {
		return nil, err
	}
	f.Coverage.PartialFrom = partialFrom(f.Coverage, f.Generated)
	f.Warnings = p.warnings
	return f, nil
}

// partialFrom returns the year of generated (YYYY-MM-DD) when c covers it: a
// year that was not over when SIPRI generated the data. It returns 0 when
// the date is unknown or outside c.
func partialFrom(c armsflow.Coverage, generated string) int {
	if c.IsZero() || len(generated) < 4 {
		return 0
	}
	y, ok := parseYear(generated[:4])
	if !ok || y < c.From || y > c.To {
		return 0
	}
	return y
}

// generatedYear returns the year of generated (YYYY-MM-DD), or 0.
func generatedYear(generated string) int {
	if len(generated) < 4 {
		return 0
	}
	y, _ := parseYear(generated[:4])
	return y
}

// parser holds the state shared by the three readers.
type parser struct {
	name     string
	s        string
	rd       *csvReader
	rec      record
	warnings []string
}

// next reads the next record into p.rec.
func (p *parser) next() (bool, error) { return p.rd.read(&p.rec) }

// errAt returns an error at field i of rec.
func (p *parser) errAt(rec *record, i int, format string, args ...any) *armsflow.Error {
	line, col := p.rd.fieldPos(rec, i)
	return errorf(p.name, line, col, format, args...)
}

// warn records a warning at a line.
func (p *parser) warn(line int, format string, args ...any) {
	p.warnings = append(p.warnings, fmt.Sprintf("%s:%d: ", p.name, line)+fmt.Sprintf(format, args...))
}

// errorf returns an EINVALID error whose message starts with
// name:line:column (or name:line, or name, where those are 0).
func errorf(name string, line, col int, format string, args ...any) *armsflow.Error {
	var where string
	switch {
	case line > 0 && col > 0:
		where = fmt.Sprintf("%s:%d:%d: ", name, line, col)
	case line > 0:
		where = fmt.Sprintf("%s:%d: ", name, line)
	default:
		where = name + ": "
	}
	return &armsflow.Error{Code: armsflow.EINVALID, Message: where + fmt.Sprintf(format, args...)}
}

// hasPrefixFold is strings.HasPrefix ignoring ASCII case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// clip shortens s for a message.
func clip(s string) string { return clipN(s, 60) }

// clipLine shortens a header or first line quoted in a message, longer
// than a field so that the user recognises it.
func clipLine(s string) string { return clipN(s, 160) }

// clipN shortens s to at most n characters.
func clipN(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	k := 0
	for i := range s {
		if k == n-3 {
			return s[:i] + "…"
		}
		k++
	}
	return s
}
