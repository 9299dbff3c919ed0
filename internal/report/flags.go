package report

import (
	"strings"

	"github.com/caredesk/caredesk/model"
)

// Flags are a report's options as a person writes them on a command line
// (`caredesk report` and the team server's `report` command).
type Flags struct {
	By, From, To, Tag, Filter, Metric, Agent string
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
