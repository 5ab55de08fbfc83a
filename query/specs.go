package query

import (
	"context"
	"strconv"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/table"
	"github.com/armsflow/armsflow/view"
)

// Parameters shared by several queries.
var (
	pSupplier  = Param{Name: "supplier", Help: "supplier (name, alias or ISO code, e.g. Russia, RUS, USA; or a group, e.g. EU)"}
	pRecipient = Param{Name: "recipient", Help: "recipient (name, alias or ISO code, e.g. \"Viet Nam\", Vietnam, VNM; or a group, e.g. \"European NATO members\")"}
	pRegion    = Param{Name: "region", Meta: "REGION", Help: "only recipients in this SIPRI region or subregion, e.g. \"South East Asia\""}
	pYears     = Param{Name: "years", Kind: Years, Help: "span of years, e.g. 2002-2021 (default: all years of the dataset chosen)"}
	pPeriod    = Param{Name: "period-length", Kind: Int, Default: "5", Help: "years per period; periods end at the last year"}
	pDataset   = Param{Name: "dataset", Help: "answer from this dataset instead of the best one that covers the years"}
	pAsOf      = Param{Name: "members-as-of", Kind: Int, Help: "count a group's members of this year for every year (by default each member counts for the years it belonged)"}
	pBetween   = Param{Name: "between", Kind: List, Help: "parties, comma-separated, e.g. \"Russia,Viet Nam\""}
)

// answer pairs a result with its view's table.
func answer[R any](res R, err error, v func(R) *table.Table) (Answer, error) {
	if err != nil {
		return Answer{}, err
	}
	return Answer{Result: res, Table: func() *table.Table { return v(res) }}, nil
}

// Specs lists every query: the API routes, answers and documents each
// through its one handler, and the command line has a command for each.
var Specs = []*Spec{Flows, Rank, Concentration, Dependency, Deals, Standing, Events, Timeline, EventStudy}

// Flows is the yearly (or per-period) TIV from a supplier to a recipient.
var Flows = &Spec{
	Name: "flows", Path: "/api/v1/flows",
	Summary: "yearly (or per-period) TIV from a supplier to a recipient",
	Params: []Param{pSupplier, pRecipient, pYears,
		{Name: "by", Default: "year", Enum: []string{"year", "period"}, Help: "rows per year or per period"},
		{Name: "period-length", Kind: Int, Default: "5", Help: "years per period with --by period; periods end at the last year"},
		{Name: "partial", Kind: Bool, Help: "when no dataset covers every year asked, show the years the best one covers and mark the others 'not covered'"},
		pDataset, pAsOf},
	Run: func(ctx context.Context, e *engine.Engine, v *Values) (Answer, error) {
		res, err := e.Flows(ctx, engine.FlowQuery{Supplier: v.Str("supplier"), Recipient: v.Str("recipient"), Years: v.Years("years"),
			By: v.Str("by"), PeriodLength: v.Int("period-length"), Partial: v.Bool("partial"), Dataset: v.Str("dataset"),
			MembersAsOf: v.Int("members-as-of")})
		return answer(res, err, view.Flows)
	},
}

// Rank ranks suppliers or recipients by TIV.
var Rank = &Spec{
	Name: "rank", Path: "/api/v1/rank/{side}",
	Summary: "suppliers or recipients ranked by TIV, with shares of the right whole",
	Params: []Param{
		{Name: "side", In: "path", Enum: []string{"suppliers", "recipients"}, Help: "rank suppliers or recipients"},
		pSupplier, pRecipient, pRegion,
		{Name: "years", Kind: Years, Help: "span of years, e.g. 2017-2021 (default: all years of the dataset chosen)"},
		{Name: "limit", Kind: Int, Default: "10", Help: "rows to show (0 = all); a named party's row is shown even outside them"},
		pDataset,
		{Name: "compare", Kind: Years, Help: "compare with this span, e.g. 2012-2016: each row's previous TIV, rank and share, and the change in percent"},
		{Name: "states-only", Kind: Bool, Help: "leave out armed non-state actors, organisations and unknown parties"},
		{Name: "all-parties", Kind: Bool, Help: "count a region's non-state actors too (by default a region counts its states, as SIPRI's regional figures do)"},
		pAsOf,
		{Name: "totals", Default: "sum", Enum: []string{"sum", "sipri"}, Help: "shares and changes of the sum of the rows (sum) or of SIPRI's own totals where the data holds them (sipri)"},
	},
	Check: checkLimit,
	Run: func(ctx context.Context, e *engine.Engine, v *Values) (Answer, error) {
		res, err := e.Rank(ctx, engine.RankQuery{Side: v.Str("side"), Supplier: v.Str("supplier"), Recipient: v.Str("recipient"),
			Region: v.Str("region"), Years: v.Years("years"), Limit: v.Int("limit"), Dataset: v.Str("dataset"),
			Compare: v.Years("compare"), StatesOnly: v.Bool("states-only"), AllParties: v.Bool("all-parties"),
			MembersAsOf: v.Int("members-as-of"), Totals: v.Str("totals")})
		return answer(res, err, view.Rank)
	},
}

// Concentration is how concentrated a recipient's suppliers are.
var Concentration = &Spec{
	Name: "concentration", Path: "/api/v1/concentration",
	Summary: "how concentrated a recipient's suppliers are per period (count, top share, HHI)",
	Params:  []Param{{Name: "recipient", Required: true, Help: "recipient (name, alias or ISO code)"}, pYears, pPeriod, pDataset},
	Run: func(ctx context.Context, e *engine.Engine, v *Values) (Answer, error) {
		res, err := e.Concentration(ctx, engine.ConcentrationQuery{Recipient: v.Str("recipient"), Years: v.Years("years"),
			PeriodLength: v.Int("period-length"), Dataset: v.Str("dataset")})
		return answer(res, err, view.Concentration)
	},
}

// Dependency is what a recipient's forces are built from. (Service lives
// of one's own come from a file, which only the command line reads.)
var Dependency = &Spec{
	Name: "dependency", Path: "/api/v1/dependency",
	Summary: "what a recipient's forces are built from: its stock of major arms by supplier, with band, pipeline and sanctions exposure",
	Params: []Param{{Name: "recipient", Required: true, Help: "recipient (name, alias or ISO code, e.g. \"Viet Nam\", VNM)"},
		{Name: "as-of", Kind: Int, Meta: "YEAR", Help: "count the stock at the end of this year (default: the register's last complete year)"},
		{Name: "by", Default: engine.BySupplier, Enum: []string{engine.BySupplier, engine.ByCategory}, Help: "rows per supplier or per weapon category"},
		{Name: "years", Kind: Years, Help: "a series: the stock share of every year in this span beside the 5-year flow share, e.g. 2002-2021"},
		{Name: "weight", Default: engine.WeightTIV, Enum: []string{engine.WeightTIV, engine.WeightUnits}, Help: "weigh the stock by tiv or by units"},
		{Name: "separate-predecessors", Kind: Bool, Help: "show a predecessor state (Soviet Union) apart from its successor (Russia)"},
		pDataset},
	Check: func(v *Values) error {
		if asOf := v.Int("as-of"); asOf != 0 && (asOf < 1900 || asOf > 2200) {
			return armsflow.Errorf(armsflow.EINVALID, "%s: give a year, e.g. 2021", v.Ref("as-of", strconv.Itoa(asOf)))
		}
		return nil
	},
	Run: func(ctx context.Context, e *engine.Engine, v *Values) (Answer, error) {
		res, err := e.Dependency(ctx, DependencyQuery(v))
		return answer(res, err, view.Dependency)
	},
}

// DependencyQuery is the engine's question of Dependency's values.
func DependencyQuery(v *Values) engine.DependencyQuery {
	return engine.DependencyQuery{Recipient: v.Str("recipient"), AsOf: v.Int("as-of"), By: v.Str("by"), Years: v.Years("years"),
		Weight: v.Str("weight"), SeparatePredecessors: v.Bool("separate-predecessors"), Dataset: v.Str("dataset")}
}

// Deals lists the deals of the newest trade register. The API answers
// them in pages (limit, offset), which its handler cuts.
var Deals = &Spec{
	Name: "deals", Path: "/api/v1/deals",
	Summary: "deals from the newest trade register, every field, '?' kept",
	Params: []Param{pSupplier, pRecipient, pRegion,
		{Name: "ordered", Kind: Years, Help: "order year within, e.g. 2010-2021"},
		{Name: "delivered", Kind: Years, Help: "some delivery within, e.g. 2018-2019"},
		{Name: "span", Kind: Years, Help: "ordered or with a delivery within, e.g. 2002- (a pair's deals over a span, as the report lists them)"},
		{Name: "open", Kind: Bool, Help: "only open orders (ordered, not fully delivered)"},
		pDataset,
		{Name: "limit", Kind: Int, APIOnly: true, Help: "deals per page: 1000 by default for JSON, all for CSV; 0 for all (heavy work: may be refused as busy for a few seconds); while there are more, the answer's next (and a Link header) is the URL of the next page"},
		{Name: "offset", Kind: Int, APIOnly: true, Help: "skip this many deals (the next link sets it)"},
	},
	Check: func(v *Values) error {
		if limit, offset := v.Int("limit"), v.Int("offset"); limit < 0 || offset < 0 {
			return armsflow.Errorf(armsflow.EINVALID, "limit=%d, offset=%d: give whole numbers from 0 (limit=0 for all the deals)", limit, offset)
		}
		return nil
	},
	Run: func(ctx context.Context, e *engine.Engine, v *Values) (Answer, error) {
		res, err := e.Deals(ctx, engine.DealQuery{Supplier: v.Str("supplier"), Recipient: v.Str("recipient"), Region: v.Str("region"),
			Ordered: v.Years("ordered"), Delivered: v.Years("delivered"), Span: v.Years("span"), OpenOnly: v.Bool("open"), Dataset: v.Str("dataset")})
		return answer(res, err, view.Deals)
	},
}

// Events lists the events of the cooperation timeline.
var Events = &Spec{
	Name: "events", Path: "/api/v1/events",
	Summary: "events of the cooperation timeline",
	Params: []Param{pBetween,
		{Name: "kind", Enum: armsflow.EventKinds, Help: "event kind"},
		{Name: "years", Kind: Years, Help: "only events in these years, e.g. 2010-2021"},
		{Name: "tag", Help: "only events with this tag"}},
	Run: func(ctx context.Context, e *engine.Engine, v *Values) (Answer, error) {
		res, err := e.Events(ctx, engine.EventQuery{Between: v.List("between"), Kind: v.Str("kind"), Years: v.Years("years"), Tag: v.Str("tag")})
		return answer(res, err, view.Events)
	},
}

// Timeline is the events, yearly TIV and deals of two parties.
var Timeline = &Spec{
	Name: "timeline", Path: "/api/v1/timeline",
	Summary: "events, yearly TIV and deals of two parties in one chronology",
	Params: []Param{{Name: "between", Kind: List, Required: true, Meta: "A,B", Help: "the two parties, comma-separated, e.g. \"Russia,Viet Nam\""},
		{Name: "years", Kind: Years, Help: "span of years, e.g. 1990-2021"}, pDataset},
	Check: func(v *Values) error {
		if len(v.List("between")) != 2 {
			return armsflow.Errorf(armsflow.EINVALID, "timeline needs two parties: between=Russia,Viet Nam")
		}
		return nil
	},
	Run: func(ctx context.Context, e *engine.Engine, v *Values) (Answer, error) {
		res, err := e.Timeline(ctx, engine.TimelineQuery{Between: v.List("between"), Years: v.Years("years"), Dataset: v.Str("dataset")})
		return answer(res, err, view.Timeline)
	},
}

// EventStudy is the TIV in the years before and after an event.
var EventStudy = &Spec{
	Name: "event-study", Path: "/api/v1/event-study",
	Summary: "TIV in the N years before and after an event (totals, means, change)",
	Params: []Param{{Name: "between", Kind: List, Required: true, Meta: "SUPPLIER,RECIPIENT", Help: "supplier and recipient, comma-separated, e.g. \"Russia,Viet Nam\""},
		{Name: "event", Required: true, Meta: "ID", Help: "the event's id (see 'armsflow events list')"},
		{Name: "window", Kind: Int, Default: "5", Help: "years on each side of the event's year"},
		pDataset},
	Check: func(v *Values) error {
		if len(v.List("between")) != 2 || v.Str("event") == "" {
			return armsflow.Errorf(armsflow.EINVALID, "event-study needs between=SUPPLIER,RECIPIENT and event=ID")
		}
		return nil
	},
	Run: func(ctx context.Context, e *engine.Engine, v *Values) (Answer, error) {
		res, err := e.EventStudy(ctx, engine.EventStudyQuery{Between: v.List("between"), EventID: v.Str("event"), Window: v.Int("window"), Dataset: v.Str("dataset")})
		return answer(res, err, view.EventStudy)
	},
}

// checkLimit is the Check of a query whose limit counts rows.
func checkLimit(v *Values) error {
	if n := v.Int("limit"); n < 0 {
		return armsflow.Errorf(armsflow.EINVALID, "%s: use 0 for all rows, or a positive number", v.Ref("limit", strconv.Itoa(n)))
	}
	return nil
}

// Standing is a party's world rank and share per period.
var Standing = &Spec{
	Name: "standing", Path: "/api/v1/standing",
	Summary: "a party's world rank and share per period, among the exporters (suppliers) or the importers (recipients)",
	Params: []Param{
		{Name: "party", Arg: true, Required: true, Help: "the party whose standing is asked (name, alias or ISO code, e.g. Russia, RUS)"},
		{Name: "side", Required: true, Enum: []string{"suppliers", "recipients"}, Help: "rank among the world's exporters (suppliers) or importers (recipients)"},
		pYears, pPeriod,
		{Name: "limit", Kind: Int, Default: "10", Help: "rows of each period's ranking (0 = all); the party's row is shown even outside them"},
		pDataset},
	Check: checkLimit,
	Run: func(ctx context.Context, e *engine.Engine, v *Values) (Answer, error) {
		res, err := e.Standing(ctx, engine.StandingQuery{Party: v.Str("party"), Side: v.Str("side"), Years: v.Years("years"),
			PeriodLength: v.Int("period-length"), Limit: v.Int("limit"), Dataset: v.Str("dataset")})
		return answer(res, err, view.PartyStanding)
	},
}
