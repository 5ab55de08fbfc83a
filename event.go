package armsflow

// Event kinds: what happened between the parties.
var EventKinds = []string{
	"agreement", "visit", "talks", "contract", "delivery", "exercise",
	"training", "sanction", "conflict", "vote", "statement", "other",
}

// Date precisions of an event.
const (
	PrecisionDay   = "day"
	PrecisionMonth = "month"
	PrecisionYear  = "year"
)

// EventSource is a published source for an event.
type EventSource struct {
	Title     string `json:"title" yaml:"title"`
	Publisher string `json:"publisher" yaml:"publisher"`
	Date      string `json:"date,omitempty" yaml:"date,omitempty"` // YYYY, YYYY-MM or YYYY-MM-DD
	URL       string `json:"url" yaml:"url"`
	Accessed  string `json:"accessed,omitempty" yaml:"accessed,omitempty"` // YYYY-MM-DD
}

// DealRef points from an event at trade-register deals.
type DealRef struct {
	Supplier    string `json:"supplier" yaml:"supplier"`
	Recipient   string `json:"recipient" yaml:"recipient"`
	Designation string `json:"designation" yaml:"designation"`
	OrderYear   int    `json:"order_year" yaml:"order_year"`
}

// Event is a dated fact of a defence relationship, with its sources.
// Date is written to its precision: "2001" (year), "2001-03" (month) or
// "2001-03-01" (day); End, when set, is written the same way.
type Event struct {
	ID        string        `json:"id" yaml:"id"`
	Date      string        `json:"date" yaml:"date"`
	Precision string        `json:"precision" yaml:"precision"`
	End       string        `json:"end,omitempty" yaml:"end,omitempty"`
	Uncertain bool          `json:"uncertain" yaml:"uncertain,omitempty"`
	Kind      string        `json:"kind" yaml:"kind"`
	Title     string        `json:"title" yaml:"title"`
	Summary   string        `json:"summary" yaml:"summary"`
	Parties   []string      `json:"parties" yaml:"parties"`
	Actor     string        `json:"actor,omitempty" yaml:"actor,omitempty"` // a third state acting on the parties, e.g. the US for CAATSA
	Sources   []EventSource `json:"sources" yaml:"sources"`
	Tags      []string      `json:"tags" yaml:"tags,omitempty"`
	Deals     []DealRef     `json:"deals" yaml:"deals,omitempty"`
	// Line is where the event starts in the file it was read from (0 when not from a file).
	Line int `json:"-" yaml:"-"`
}

// Year returns the event's year, or 0 when its date is malformed.
func (e *Event) Year() int {
	if len(e.Date) < 4 {
		return 0
	}
	y := 0
	for _, c := range e.Date[:4] {
		if c < '0' || c > '9' {
			return 0
		}
		y = y*10 + int(c-'0')
	}
	return y
}
