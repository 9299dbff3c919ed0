package report

import (
	"flag"
	"strings"

	"github.com/caredesk/caredesk/model"
)

// Flags are a report's options as a person writes them on a command line
// (`caredesk report` and the team server's `report` command).
type Flags struct {
	By, From, To, Tag, Filter, Metric, Agent string
	Format                                   string // csv, json, md or html
}

// Register defines the report's flags on fs, once for every command line
// that takes them; the caller adds its own (--db, -o, --agent).
func (f *Flags) Register(fs *flag.FlagSet) {
	fs.StringVar(&f.By, "by", "week", "column width: `day`, week (ISO weeks, UTC) or month")
	fs.StringVar(&f.From, "from", "", "first creation `DATE` (YYYY-MM-DD) to count")
	fs.StringVar(&f.To, "to", "", "last creation `DATE` (YYYY-MM-DD) to count, inclusive")
	fs.StringVar(&f.Tag, "tag", "", "only tags under `PREFIX`, e.g. billing/")
	fs.StringVar(&f.Filter, "filter", "", "the queue's filter `QUERY`, e.g. \"channel:phone status:active\"")
	fs.StringVar(&f.Metric, "metric", "cases", "what a cell counts: `cases`, customers, repeat (customers with 2+ cases within 30 days), overdue, handoffs (cases passed between teams) or sla (first-response and resolution targets met)")
	fs.StringVar(&f.Format, "format", "csv", "`csv` (tag,period,count), json, md or html (the voice-of-the-customer brief)")
}

// Spec turns the flags into a heatmap spec; --to is inclusive, as a person
// reads "from the 1st to the 31st".
func (f Flags) Spec() (Spec, error) {
	var spec Spec
	var err error
	if spec.G, err = model.ParseGranularity(f.By); err != nil {
		return spec, err
	}
	if spec.Metric, err = ParseMetric(f.Metric); err != nil {
		return spec, err
	}
	if spec.Query, err = model.ParseQuery(f.Filter); err != nil {
		return spec, err
	}
	if f.From != "" {
		if spec.From, err = model.ParseDate(f.From); err != nil {
			return spec, err
		}
	}
	if f.To != "" {
		d, err := model.ParseDate(f.To)
		if err != nil {
			return spec, err
		}
		spec.To = d + 1
	}
	if spec.From != 0 && spec.To != 0 && spec.To <= spec.From {
		return spec, model.Errorf(model.EINVALID, "--to %s is before --from %s", f.To, f.From)
	}
	if tag := strings.TrimSpace(f.Tag); tag != "" {
		t, err := model.NormalizeTag(tag)
		if err != nil {
			return spec, err
		}
		spec.TagPrefix = t
	}
	spec.Me = f.Agent
	return spec, nil
}
