package commitment

import (
	"context"

	"roundtable/internal/errs"
)

// DataProgress compares, for each linked indicator of each owner, the
// latest value of the indicator's default series (the newest release
// with data, as the evidence pages show it) with the baseline and the
// target the owner set, beside the status the owner last reported.
//
// The rule, for a latest value x in year y, baseline b in year yb and
// target t in year yt:
//   - share = (x − b) / (t − b): the part of the way covered (negative
//     when the indicator moved away from the target), reported clipped
//     to [0, 1];
//   - elapsed = (y − yb) / (yt − yb), clipped to [0, 1]: the part of the
//     time gone by at the latest observation;
//   - achieved when share ≥ 1; on track when share ≥ elapsed (the
//     indicator has come at least as far as a straight line from the
//     baseline to the target would by then); off track otherwise; no
//     data when the owner has no observation from the baseline year on.
//
// Disagrees flags a reported status the data contradict: achieved while
// the data are not at the target, or not started or not achieved while
// the data have reached it. With no data there is nothing to contradict.
func (s *Service) DataProgress(ctx context.Context, v Viewer, commitmentID int64) ([]Progress, error) {
	c, err := s.Get(ctx, v, commitmentID)
	if err != nil {
		return nil, err
	}
	out := make([]Progress, 0, len(c.Indicators))
	for _, x := range c.Indicators {
		p := Progress{Indicator: x.Code, Country: x.Country, BaselineYear: x.BaselineYear, Baseline: x.Baseline,
			TargetYear: x.TargetYear, Target: x.Target, Verdict: VerdictNoData, Reported: c.Latest[x.Country]}
		if err := s.measure(ctx, &p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// measure fills p's figures from the evidence and judges them.
func (s *Service) measure(ctx context.Context, p *Progress) error {
	if s.Evidence == nil {
		return nil
	}
	se, err := s.Evidence.DefaultSeries(ctx, p.Indicator)
	if errs.Is(err, errs.NotFound) {
		return nil
	} else if err != nil {
		return err
	}
	panel, err := s.Evidence.Panel(ctx, se.ID)
	if err != nil {
		return err
	}
	p.SeriesID, p.Source, p.Vintage, p.Licence = se.ID, se.Source, se.Vintage, se.Licence
	latest, ok := panel.Latest(p.Country)
	if !ok {
		return nil
	}
	value := latest.Value
	p.Year, p.Value = latest.Year, &value
	if latest.Year < p.BaselineYear {
		return nil
	}
	share := (value - p.Baseline) / (p.Target - p.Baseline)
	p.Elapsed = clip(float64(latest.Year-p.BaselineYear) / float64(p.TargetYear-p.BaselineYear))
	clipped := clip(share)
	p.Share = &clipped
	switch {
	case share >= 1:
		p.Verdict = VerdictAchieved
	case share >= p.Elapsed:
		p.Verdict = VerdictOnTrack
	default:
		p.Verdict = VerdictOffTrack
	}
	switch p.Reported {
	case Achieved:
		p.Disagrees = p.Verdict != VerdictAchieved
	case NotStarted, NotAchieved:
		p.Disagrees = p.Verdict == VerdictAchieved
	}
	return nil
}

func clip(x float64) float64 { return min(max(x, 0), 1) }
